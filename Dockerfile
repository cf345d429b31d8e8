# Builds and runs Ordinal. Build: docker build -t ordinal .   Run: docker run -p 8080:8080 ordinal
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
COPY openapi openapi
RUN ./mvnw -B -ntp package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /var/lib/ordinal
COPY --from=build /src/target/ordinal.jar /opt/ordinal/ordinal.jar
COPY docker/application.yml /opt/ordinal/config/application.yml
EXPOSE 8080 10053/udp 10053/tcp
VOLUME /var/lib/ordinal/data
ENTRYPOINT ["java", "-jar", "/opt/ordinal/ordinal.jar", "--spring.config.additional-location=/opt/ordinal/config/"]
