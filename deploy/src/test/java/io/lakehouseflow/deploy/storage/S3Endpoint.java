package io.lakehouseflow.deploy.storage;

import io.lakehouseflow.core.spec.CatalogSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * An S3-compatible endpoint on loopback for tests: S3Proxy over jclouds' in-memory blob store, one
 * bucket, requests signed with one access key and a secret made for this endpoint (a request signed
 * with another secret is refused). Nothing it stores reaches the local disk.
 */
public final class S3Endpoint implements AutoCloseable {
  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final String bucket;
  private final String accessKey;
  private final String secretKey;

  private S3Endpoint(
      S3Proxy proxy, BlobStoreContext context, String bucket, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.context = context;
    this.bucket = bucket;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts the endpoint on a free port with an empty {@code bucket}. */
  public static S3Endpoint start(String bucket) throws Exception {
    // The AWS SDK 2.30+ defaults to flexible checksums (aws-chunked uploads with trailers), which
    // S3Proxy does not verify; its own S3 clients here (the test reading tables) send them only
    // where S3 requires them. The jobs' JVM gets the same through its environment (see env()).
    System.setProperty("aws.requestChecksumCalculation", "when_required");
    System.setProperty("aws.responseChecksumValidation", "when_required");
    String accessKey = "lakehouse-test";
    String secretKey = "planted-secret-" + UUID.randomUUID();
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials(accessKey, secretKey)
            .buildView(BlobStoreContext.class);
    context.getBlobStore().createContainerInLocation(null, bucket);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        throw new IllegalStateException("S3Proxy did not start within 30 s: " + proxy.getState());
      }
      Thread.onSpinWait();
    }
    return new S3Endpoint(proxy, context, bucket, accessKey, secretKey);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  public String bucket() {
    return bucket;
  }

  /** {@code s3://<bucket>/<path>}. */
  public String uri(String path) {
    return "s3://" + bucket + "/" + path;
  }

  /** The secret every request must be signed with. */
  public String secretKey() {
    return secretKey;
  }

  /** The catalog properties (no credential among them) that point Iceberg and Flink here. */
  public Map<String, String> catalogProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("s3.endpoint", endpoint());
    props.put("s3.path-style-access", "true");
    props.put("client.region", REGION);
    return props;
  }

  /**
   * The environment of a job process that uses this endpoint with {@code secret} (the real one, or
   * a wrong one): the AWS SDK's standard variables.
   */
  public Map<String, String> environment(String secret) {
    return sdkEnvironment(accessKey, secret, REGION);
  }

  /**
   * The AWS SDK's standard variables for an S3-compatible store opened with {@code accessKey} and
   * {@code secret}: checksums only where S3 requires them (what such stores check), and no fallback
   * to the EC2 metadata address.
   */
  public static Map<String, String> sdkEnvironment(String accessKey, String secret, String region) {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        accessKey,
        "AWS_SECRET_ACCESS_KEY",
        secret,
        "AWS_REGION",
        region,
        "AWS_REQUEST_CHECKSUM_CALCULATION",
        "when_required",
        "AWS_RESPONSE_CHECKSUM_VALIDATION",
        "when_required",
        "AWS_EC2_METADATA_DISABLED",
        "true");
  }

  /**
   * {@code spec} with this endpoint's credentials added, for the test's own reads: a spec file
   * never holds them (the loader refuses them), so this is built in code.
   */
  public CatalogSpec withCredentials(CatalogSpec spec) {
    Map<String, String> props = new LinkedHashMap<>(spec.properties());
    props.put("s3.access-key-id", accessKey);
    props.put("s3.secret-access-key", secretKey);
    return new CatalogSpec(spec.type(), spec.warehouse(), props);
  }

  /** The key of every object in the bucket, in listing order. */
  public List<String> keys() {
    BlobStore store = context.getBlobStore();
    List<String> keys = new ArrayList<>();
    ListContainerOptions options = ListContainerOptions.Builder.recursive();
    while (true) {
      PageSet<? extends StorageMetadata> page = store.list(bucket, options);
      for (StorageMetadata item : page) {
        if (item.getType() == StorageType.BLOB) {
          keys.add(item.getName());
        }
      }
      if (page.getNextMarker() == null) {
        return keys;
      }
      options = ListContainerOptions.Builder.recursive().afterMarker(page.getNextMarker());
    }
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
