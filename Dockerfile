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
COPY src/main/scripts/ordinal /opt/ordinal/bin/ordinal
COPY docker/application.yml /opt/ordinal/config/application.yml
# The launcher starts the server with Spring AOT and class data sharing; the archive is made here,
# at image build time, by the JVM that will map it.
ENV ORDINAL_JAR=/opt/ordinal/ordinal.jar ORDINAL_CDS_DIR=/opt/ordinal/cds
RUN /opt/ordinal/bin/ordinal prepare
EXPOSE 8080 10053/udp 10053/tcp
VOLUME /var/lib/ordinal/data
ENTRYPOINT ["/opt/ordinal/bin/ordinal", "--spring.config.additional-location=/opt/ordinal/config/"]
