package io.lakehouseflow.deploy.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakehouseflow.deploy.lineage.ColumnLineage;
import io.lakehouseflow.deploy.lineage.LineageEdge;
import io.lakehouseflow.deploy.lineage.LineageNode;
import java.util.Locale;

/**
 * The lineage graph as the site's script reads it: nodes (with their page, drawing column, rows and
 * test tally), edges and column lineage. Written as {@code lineage.json} and inline in every page,
 * escaped so that it cannot end the {@code <script>} element it sits in.
 */
final class LineageJson {
  private final String text;

  private LineageJson(String text) {
    this.text = text;
  }

  static LineageJson of(DocsSite site) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    mapper.getFactory().setCharacterEscapes(new ScriptSafe());
    ObjectNode root = mapper.createObjectNode();
    root.put("pipeline", site.spec().name());
    root.put("generated_at", site.generatedAt().toString());
    ArrayNode nodes = root.putArray("nodes");
    for (TablePage page : site.pages()) {
      LineageNode node = page.node();
      ObjectNode n = nodes.addObject();
      n.put("id", node.id());
      n.put("kind", node.kind().name().toLowerCase(Locale.ROOT));
      n.put("column", node.kind().column());
      n.put("label", node.label());
      n.put("description", node.description());
      n.put("page", page.file());
      n.put("exists", page.status().isPresent());
      if (page.rows().isPresent()) {
        n.put("rows", page.rows().get().rows());
      } else {
        n.putNull("rows");
      }
      n.put(
          "last_commit",
          page.status().flatMap(s -> s.lastCommit()).map(Object::toString).orElse(null));
      ObjectNode tests = n.putObject("tests");
      for (TablePage.Test test : page.tests()) {
        String status = test.status().toLowerCase(Locale.ROOT).replace(' ', '_');
        tests.put(status, tests.path(status).asInt(0) + 1);
      }
    }
    ArrayNode edges = root.putArray("edges");
    for (LineageEdge edge : site.lineage().edges()) {
      ObjectNode e = edges.addObject();
      e.put("from", edge.from());
      e.put("to", edge.to());
      e.put("relation", edge.relation().name().toLowerCase(Locale.ROOT));
    }
    ArrayNode columns = root.putArray("columns");
    for (ColumnLineage column : site.lineage().columns()) {
      ObjectNode c = columns.addObject();
      c.put("from_table", column.fromTable());
      c.put("from_column", column.fromColumn());
      c.put("to_table", column.toTable());
      c.put("to_column", column.toColumn());
      c.put("how", column.how());
    }
    try {
      return new LineageJson(mapper.writeValueAsString(root) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Failed to write the lineage of " + site.spec().name(), e);
    }
  }

  /** The JSON text, safe inside an HTML {@code <script>} element. */
  String text() {
    return text;
  }

  /** JSON's escapes plus {@code <}, {@code >} and {@code &}, so no value can close a script. */
  private static final class ScriptSafe extends CharacterEscapes {
    private final int[] escapes;

    ScriptSafe() {
      escapes = CharacterEscapes.standardAsciiEscapesForJSON();
      escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
      escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
      escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
