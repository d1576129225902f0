package io.pipetwin.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away certificate authority and a broker certificate for {@code localhost} and {@code 127.0.0.1},
 * generated with the running JDK's {@code keytool}, in PKCS12 stores under one directory.
 *
 * <p>Files: {@code ca.p12} (CA key pair), {@code broker-keystore.p12} (broker key and chain signed by the
 * CA), {@code truststore.p12} (the CA certificate only). All three share one random password, which is
 * passed to {@code keytool} through an environment variable, never on its command line, and is not logged.
 * Certificates are valid for {@value #VALIDITY_DAYS} days.
 */
public final class SelfSignedTls {

    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedTls.class);

    static final int VALIDITY_DAYS = 30;
    private static final String CA_ALIAS = "pipetwin-ca";
    private static final String BROKER_ALIAS = "broker";
    private static final String PASSWORD_VARIABLE = "PIPETWIN_KEYTOOL_STOREPASS";
    private static final String STORE_TYPE = "PKCS12";

    private final Path directory;
    private final Path keystore;
    private final Path truststore;
    private final String password;

    private SelfSignedTls(Path directory, String password) {
        this.directory = directory;
        this.keystore = directory.resolve("broker-keystore.p12");
        this.truststore = directory.resolve("truststore.p12");
        this.password = password;
    }

    /**
     * Generates the CA, the broker certificate and the truststore in {@code directory}, creating it when
     * needed. Existing stores there are replaced.
     *
     * @throws IllegalStateException when {@code keytool} is missing from the JDK or one of its steps fails
     */
    public static SelfSignedTls generate(Path directory) {
        long startNanos = System.nanoTime();
        SelfSignedTls tls = new SelfSignedTls(directory.toAbsolutePath(), randomPassword());
        tls.runKeytoolSteps();
        LOG.info("Generated self-signed CA and broker certificate for localhost/127.0.0.1 in {} ({} ms)",
                tls.directory, (System.nanoTime() - startNanos) / 1_000_000);
        return tls;
    }

    /** Returns the PKCS12 keystore with the broker's key and certificate chain. */
    public Path keystore() {
        return keystore;
    }

    /** Returns the PKCS12 truststore with the CA certificate that clients trust. */
    public Path truststore() {
        return truststore;
    }

    /** Returns the directory holding the stores. */
    public Path directory() {
        return directory;
    }

    /**
     * Returns what a Kafka client needs besides {@code bootstrap.servers}: {@code security.protocol=SSL}
     * and the truststore. Host name verification stays on, which the certificate's subject alternative
     * names {@code localhost} and {@code 127.0.0.1} satisfy.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", "SSL");
        props.put("ssl.truststore.type", STORE_TYPE);
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", password);
        return props;
    }

    /** Returns the broker's SSL settings: keystore for its listener, truststore for its own inter-broker requests. */
    Map<String, String> brokerProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("ssl.keystore.type", STORE_TYPE);
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", password);
        props.put("ssl.key.password", password);
        props.put("ssl.truststore.type", STORE_TYPE);
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", password);
        props.put("ssl.client.auth", "none");
        return props;
    }

    @Override
    public String toString() {
        return "SelfSignedTls{directory=" + directory + "}";
    }

    private void runKeytoolSteps() {
        try {
            Files.createDirectories(directory);
            for (String name : List.of("ca.p12", "broker-keystore.p12", "truststore.p12", "broker.csr",
                    "broker.pem", "ca.pem")) {
                Files.deleteIfExists(directory.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare TLS directory " + directory, e);
        }
        String caStore = directory.resolve("ca.p12").toString();
        String brokerStore = keystore.toString();
        String csr = directory.resolve("broker.csr").toString();
        String brokerPem = directory.resolve("broker.pem").toString();
        String caPem = directory.resolve("ca.pem").toString();

        keytool("create the CA key pair", "-genkeypair", "-alias", CA_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=PipeTwin test CA", "-ext", "bc:c", "-validity", Integer.toString(VALIDITY_DAYS),
                "-keystore", caStore);
        keytool("create the broker key pair", "-genkeypair", "-alias", BROKER_ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", Integer.toString(VALIDITY_DAYS),
                "-keystore", brokerStore);
        keytool("write the broker signing request", "-certreq", "-alias", BROKER_ALIAS, "-keystore", brokerStore,
                "-file", csr);
        keytool("sign the broker certificate", "-gencert", "-alias", CA_ALIAS, "-keystore", caStore,
                "-infile", csr, "-outfile", brokerPem, "-rfc", "-validity", Integer.toString(VALIDITY_DAYS),
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth,clientAuth");
        keytool("export the CA certificate", "-exportcert", "-alias", CA_ALIAS, "-keystore", caStore, "-rfc",
                "-file", caPem);
        keytool("add the CA to the broker keystore", "-importcert", "-noprompt", "-alias", CA_ALIAS,
                "-file", caPem, "-keystore", brokerStore);
        keytool("add the signed broker certificate", "-importcert", "-alias", BROKER_ALIAS, "-file", brokerPem,
                "-keystore", brokerStore);
        keytool("write the truststore", "-importcert", "-noprompt", "-alias", CA_ALIAS, "-file", caPem,
                "-keystore", truststore.toString());
    }

    /** Runs one keytool step; store and key passwords come from an environment variable. */
    private void keytool(String step, String... arguments) {
        Path executable = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("keytool not found at " + executable
                    + "; run on a full JDK, which ships keytool, to generate TLS material");
        }
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", STORE_TYPE, "-storepass:env", PASSWORD_VARIABLE));
        if (!arguments[0].equals("-exportcert")) {
            // keytool -exportcert has no -keypass option; PKCS12 needs key password = store password elsewhere.
            command.addAll(List.of("-keypass:env", PASSWORD_VARIABLE));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, password);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int exitCode = process.waitFor();
            if (exitCode != 0) {
                throw new IllegalStateException("keytool failed to " + step + " (exit code " + exitCode + "): "
                        + output);
            }
            LOG.debug("keytool: {} done", step);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable + " to " + step, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool to " + step, e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
