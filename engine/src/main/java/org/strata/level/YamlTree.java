package org.strata.level;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as maps, lists and scalars that remember their line, so policy errors can name it.
 * Jackson's tree model drops locations; this reads the token stream itself.
 */
final class YamlTree {
  /** A value and the 1-based line it starts on. */
  record Node(Object value, int line) {
    @SuppressWarnings("unchecked")
    Map<String, Node> map() {
      return value instanceof Map ? (Map<String, Node>) value : null;
    }

    @SuppressWarnings("unchecked")
    List<Node> list() {
      return value instanceof List ? (List<Node>) value : null;
    }

    String text() {
      return value instanceof String ? (String) value : null;
    }
  }

  private YamlTree() {}

  /** A key repeated in one mapping: YAML parsers keep the last silently; a policy must not. */
  private static final class DuplicateKey extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String key;
    final int line;

    DuplicateKey(String key, int line) {
      super(key, null, false, false);
      this.key = key;
      this.line = line;
    }
  }

  static Node parse(String file, String yaml) throws PolicyException {
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new PolicyException(file, 0, "the policy file is empty");
      }
      return read(p, t);
    } catch (PolicyException e) {
      throw e;
    } catch (DuplicateKey e) {
      throw new PolicyException(file, e.line, "'" + e.key + "' is given twice (a later one would silently replace it)");
    } catch (IOException e) {
      int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
          ? jpe.getLocation().getLineNr() : 0;
      throw syntaxError(file, line, e.getMessage() == null ? "unreadable" : e.getMessage());
    }
  }

  private static final java.util.regex.Pattern MARK = java.util.regex.Pattern.compile("line (\\d+), column (\\d+)");

  /**
   * A YAML syntax error in plain words, at the line and column where the parser gave up: the YAML library's
   * message is a chain of "while scanning …" contexts, each followed by its mark; the last one is the problem.
   */
  static PolicyException syntaxError(String file, int fallbackLine, String message) {
    List<String> lines = message.lines().toList();
    String problem = lines.isEmpty() ? "unreadable" : lines.get(0);
    int line = fallbackLine;
    int column = 0;
    int contextLine = 0;
    int contextColumn = 0;
    for (int i = 0; i + 1 < lines.size(); i++) {
      String l = lines.get(i);
      java.util.regex.Matcher m = MARK.matcher(lines.get(i + 1));
      if (!l.isBlank() && !Character.isWhitespace(l.charAt(0)) && lines.get(i + 1).contains("in 'reader'") && m.find()) {
        if (contextLine == 0) {
          contextLine = Integer.parseInt(m.group(1));
          contextColumn = Integer.parseInt(m.group(2));
        }
        problem = l;
        line = Integer.parseInt(m.group(1));
        column = Integer.parseInt(m.group(2));
      }
    }
    if (problem.contains("could not find expected ':'") && contextLine > 0) {
      line = contextLine; // the parser notices at the next line; the line without its ':' is where it began
      column = contextColumn;
    }
    return new PolicyException(file, line, column, "not valid YAML: " + plainWords(problem));
  }

  private static String plainWords(String problem) {
    if (problem.contains("could not find expected ':'")) {
      return "expected 'key: value' (a ':' is missing, or text that needs quotes)";
    }
    if (problem.contains("mapping values are not allowed here")) {
      return "a ':' inside a value (put a value holding ': ' in quotes, e.g. when: \"...\")";
    }
    if (problem.contains("(TAB)")) {
      return "a tab character (indent YAML with spaces)";
    }
    if (problem.contains("did not find expected key") || problem.contains("expected <block end>")) {
      return "this line's indentation does not match the lines around it";
    }
    return problem;
  }

  private static Node read(JsonParser p, JsonToken t) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    switch (t) {
      case START_OBJECT: {
        Map<String, Node> m = new LinkedHashMap<>();
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
          String key = p.currentName();
          int keyLine = p.currentTokenLocation().getLineNr();
          if (m.put(key, read(p, p.nextToken())) != null) {
            throw new DuplicateKey(key, keyLine);
          }
        }
        return new Node(m, line);
      }
      case START_ARRAY: {
        List<Node> l = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(read(p, t));
        }
        return new Node(l, line);
      }
      case VALUE_NULL:
        return new Node(null, line);
      default:
        return new Node(p.getText(), line);
    }
  }
}
