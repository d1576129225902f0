package io.pipetwin.schemas.registry;

/**
 * Failure of a schema registry request. Carries the HTTP status and the Confluent error code from
 * the response body ({@code {"error_code":40401,"message":...}}), or {@link #NO_STATUS} for both
 * when no response arrived (connection refused, timeout, interrupted).
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Status and error code of a failure that produced no HTTP response. */
    public static final int NO_STATUS = -1;

    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version not found under the subject. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema id not found, or schema not registered under the subject (lookup). */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** The subject has no subject-level compatibility level. */
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** The new schema is incompatible with earlier versions under the subject's compatibility level. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** The schema text is not a valid Avro schema. */
    public static final int INVALID_SCHEMA = 42201;
    /** The version is neither a positive integer nor {@code latest}. */
    public static final int INVALID_VERSION = 42202;
    /** The compatibility level is not one of the known names. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** The request body is not the JSON the endpoint expects. */
    public static final int UNPROCESSABLE_ENTITY = 422;
    /** The registry failed to store or read its data. */
    public static final int STORE_ERROR = 50001;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the last response, or {@link #NO_STATUS} when none arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent error code from the response body, the HTTP status when the body has none, or {@link #NO_STATUS}. */
    public int errorCode() {
        return errorCode;
    }

    /** True for failures worth retrying later: no response, HTTP 5xx, or HTTP 429. */
    public boolean isTransient() {
        return httpStatus == NO_STATUS || httpStatus >= 500 || httpStatus == 429;
    }
}
