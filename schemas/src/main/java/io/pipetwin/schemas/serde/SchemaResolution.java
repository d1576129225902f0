package io.pipetwin.schemas.serde;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Short descriptions of Avro schema resolution results, without the full schemas that Avro's own text contains. */
final class SchemaResolution {

    private static final int MAX_LISTED = 5;

    private SchemaResolution() {
    }

    /** Describes up to five incompatibilities, each as type, location in the reader schema and detail. */
    static String describe(SchemaPairCompatibility result) {
        List<Incompatibility> incompatibilities = result.getResult().getIncompatibilities();
        String listed = incompatibilities.stream()
                .limit(MAX_LISTED)
                .map(incompatibility -> incompatibility.getType() + " at " + incompatibility.getLocation()
                        + " (" + incompatibility.getMessage() + ")")
                .collect(Collectors.joining("; "));
        int omitted = incompatibilities.size() - MAX_LISTED;
        return omitted > 0 ? listed + "; and " + omitted + " more" : listed;
    }
}
