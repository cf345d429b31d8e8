package dev.ordinal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Ordinal: a Kubernetes API server emulator built around the StatefulSet. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OrdinalApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdinalApplication.class, args);
    }
}
