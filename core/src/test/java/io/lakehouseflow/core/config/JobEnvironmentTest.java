package io.lakehouseflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.api.Test;

class JobEnvironmentTest {

  @Test
  void serializesIcebergWriteResultsWithJavaSerializationAndKeepsUserEntries() {
    Configuration conf = new Configuration();
    String user = "org.example.Money: {type: kryo, kryo-type: registered, class: org.example.S}";
    conf.set(PipelineOptions.SERIALIZATION_CONFIG, List.of(user));

    assertThat(JobEnvironment.serializationConfig(conf))
        .containsExactly(
            user,
            "org.apache.iceberg.flink.sink.FlinkWriteResult: {type: kryo, kryo-type: default,"
                + " class: com.esotericsoftware.kryo.serializers.JavaSerializer}");
  }
}
