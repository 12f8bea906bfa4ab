package io.lakehouseflow.modeling;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;

/**
 * The spec of the gold tests: a customer SCD2 dimension, a flight SCD1 dimension and a booking fact
 * referencing both, over silver tables named like their sources.
 */
public final class TestingPipeline {
  /** The spec as YAML; tests that need a variant replace one of its lines. */
  public static final String YAML =
      """
      name: gold-test
      sources:
        customers:
          columns:
            customer_id: bigint
            name: string
            email: string
            tier: string
            country: string
            updated_at: timestamp
        flights:
          columns:
            flight_id: bigint
            flight_number: string
            origin: string
            destination: string
            updated_at: timestamp
        bookings:
          columns:
            booking_id: bigint
            customer_id: bigint
            flight_id: bigint
            booked_at: timestamp
            seats: int
            fare_amount: decimal(10,2)
            currency: string
            status: string
      silver:
        customers: {source: customers}
        flights: {source: flights}
        bookings: {source: bookings}
      dimensions:
        customer:
          source: customers
          key: [customer_id]
          scd: 2
          attributes: [name, email, tier, country]
          track: [name, email, tier]
          sequence_by: updated_at
        flight:
          source: flights
          key: [flight_id]
          scd: 1
          attributes: [flight_number, origin, destination]
          sequence_by: updated_at
      facts:
        booking:
          source: bookings
          grain: [booking_id]
          event_time: booked_at
          measures: [seats, fare_amount]
          attributes: [currency, status]
          dimensions:
            - {dimension: customer, columns: [customer_id]}
            - {dimension: flight, columns: [flight_id]}
      """;

  public static final String LOCATION = "gold-test.yaml";

  private TestingPipeline() {}

  public static PipelineSpec spec() {
    return parse(YAML);
  }

  /** A variant of the spec, read by the loader like any other. */
  public static PipelineSpec parse(String yaml) {
    return PipelineSpecLoader.parse(yaml, LOCATION);
  }
}
