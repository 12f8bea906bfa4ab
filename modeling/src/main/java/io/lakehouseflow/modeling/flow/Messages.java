package io.lakehouseflow.modeling.flow;

import io.lakehouseflow.modeling.dimension.VersionSpan;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The rows gold's operators send each other, with their Flink types (Flink serializes them with its
 * own row serializers, never with Kryo):
 *
 * <ul>
 *   <li>spans: a dimension key's {@link VersionSpan}s, sent by the dimension to every fact lookup
 *       of it whenever they change;
 *   <li>lookup: a fact's request for the surrogate key of one of its references, or the withdrawal
 *       of an earlier one when the fact moved to another key or was deleted;
 *   <li>resolved: a lookup's answer, sent again whenever the spans change the answer;
 *   <li>date count: a fact's event date entering (+1) or leaving (-1) gold.
 * </ul>
 *
 * Each fact change carries a revision, counted per grain key, so the assembler can tell a late
 * answer to an older revision of the fact from the answer to its current one.
 */
final class Messages {
  private Messages() {}

  static final TypeInformation<Row> SPANS =
      Types.ROW_NAMED(
          new String[] {"key", "sk", "from", "to"},
          Types.STRING,
          Types.OBJECT_ARRAY(Types.LONG),
          Types.OBJECT_ARRAY(Types.LOCAL_DATE_TIME),
          Types.OBJECT_ARRAY(Types.LOCAL_DATE_TIME));

  static final TypeInformation<Row> LOOKUP =
      Types.ROW_NAMED(
          new String[] {"key", "grain", "revision", "event_time", "live"},
          Types.STRING,
          Types.STRING,
          Types.LONG,
          Types.LOCAL_DATE_TIME,
          Types.BOOLEAN);

  static final TypeInformation<Row> RESOLVED =
      Types.ROW_NAMED(
          new String[] {"grain", "reference", "revision", "sk"},
          Types.STRING,
          Types.INT,
          Types.LONG,
          Types.LONG);

  static final TypeInformation<Row> DATE_COUNT =
      Types.ROW_NAMED(new String[] {"date_sk", "delta"}, Types.INT, Types.INT);

  static Row spans(String key, List<VersionSpan> spans) {
    int n = spans.size();
    Long[] sks = new Long[n];
    LocalDateTime[] from = new LocalDateTime[n];
    LocalDateTime[] to = new LocalDateTime[n];
    for (int i = 0; i < n; i++) {
      sks[i] = spans.get(i).surrogateKey();
      from[i] = spans.get(i).from();
      to[i] = spans.get(i).to();
    }
    return Row.of(key, sks, from, to);
  }

  static List<VersionSpan> spans(Row message) {
    Long[] sks = (Long[]) message.getField(1);
    LocalDateTime[] from = (LocalDateTime[]) message.getField(2);
    LocalDateTime[] to = (LocalDateTime[]) message.getField(3);
    List<VersionSpan> spans = new ArrayList<>(sks.length);
    for (int i = 0; i < sks.length; i++) {
      spans.add(new VersionSpan(sks[i], from[i], to[i]));
    }
    return spans;
  }

  static String spansKey(Row message) {
    return (String) message.getField(0);
  }

  static Row lookup(
      String key, String grain, long revision, LocalDateTime eventTime, boolean live) {
    return Row.of(key, grain, revision, eventTime, live);
  }

  static Row resolved(String grain, int reference, long revision, long sk) {
    return Row.of(grain, reference, revision, sk);
  }

  static Row dateCount(int dateSk, int delta) {
    return Row.of(dateSk, delta);
  }
}
