package io.lakehouseflow.modeling.key;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@link SurrogateKey} as a Flink SQL scalar function, registered by the gold job as {@value
 * #NAME}: {@code lakehouse_sk(customer_id, valid_from)} returns a {@code BIGINT NOT NULL}.
 */
public final class SurrogateKeyFunction extends ScalarFunction {
  private static final long serialVersionUID = 1L;

  /** The function's name in generated SQL. */
  public static final String NAME = "lakehouse_sk";

  public long eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object... values) {
    return SurrogateKey.of(values);
  }
}
