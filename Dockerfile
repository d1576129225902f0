# Image of the pipetwin launcher, used by docker-compose.yml for the twin and the replay.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/pipetwin
COPY --from=build /src/cli/target/pipetwin-cli.jar /opt/pipetwin/pipetwin-cli.jar
COPY --from=build /src/cli/target/lib /opt/pipetwin/lib
ENTRYPOINT ["java", "-cp", "/opt/pipetwin/pipetwin-cli.jar:/opt/pipetwin/lib/*", "io.pipetwin.cli.PipeTwinCommand"]
CMD ["--help"]
