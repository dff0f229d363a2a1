package org.webplatform.appliance.graphs.web;

import java.util.List;
import java.util.Locale;
import org.webplatform.appliance.graphs.render.GraphSpec;
import org.webplatform.appliance.graphs.render.Period;

/**
 * The HTML of {@code /graphs/}: mailgraph.cgi's page (every period, each with its graphs), plain
 * HTML and CSS. Every link is relative, so the page works under any prefix a reverse proxy puts
 * in front of the admin listener; images scale down to the width of a phone.
 */
public final class GraphsPage {
  private GraphsPage() {}

  /** The file name of one image, relative to the page. */
  public static String imageName(GraphSpec spec, Period period) {
    return spec.name() + "-" + period.key() + ".png";
  }

  public static String html(String hostName, String level, List<GraphSpec> graphs) {
    String host = escape(hostName);
    StringBuilder out = new StringBuilder(4096);
    out.append(
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="300">
        <title>Graphs of %1$s</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 0 auto; padding: 0 .5rem 2rem;
               max-width: 720px; color: #222; background: #fff; }
        header { border-bottom: 1px solid #ccc; padding: .5rem 0; }
        h1 { font-size: 1.3rem; margin: .3rem 0; word-break: break-all; }
        .level { display: inline-block; padding: .1rem .5rem; border-radius: .3rem;
                 background: #eee; font-size: .9rem; }
        .level-production { background: #a00; color: #fff; }
        nav a { margin-right: .8rem; }
        h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
        img { display: block; max-width: 100%%; height: auto; margin: 0 0 .6rem; }
        .empty { color: #666; }
        </style>
        </head>
        <body>
        <header>
        <h1>Graphs of %1$s</h1>
        <span class="level level-%2$s">%3$s</span>
        <nav>
        """
            .formatted(host, cssClass(level), escape(level)));
    for (Period period : Period.values()) {
      out.append("<a href=\"#").append(period.key()).append("\">")
          .append(period.heading()).append("</a>\n");
    }
    out.append("</nav>\n</header>\n");
    if (graphs.isEmpty()) {
      out.append(
          "<p class=\"empty\">No graphs yet: the first samples are written one step after the"
              + " daemon starts.</p>\n");
    }
    for (Period period : Period.values()) {
      if (graphs.isEmpty()) {
        break;
      }
      out.append("<section id=\"").append(period.key()).append("\">\n<h2>")
          .append(period.heading()).append("</h2>\n");
      for (GraphSpec spec : graphs) {
        String alt = spec.title() + ", " + period.heading().toLowerCase(Locale.ROOT);
        out.append("<img src=\"").append(imageName(spec, period)).append("\" alt=\"")
            .append(escape(alt)).append("\">\n");
      }
      out.append("</section>\n");
    }
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  private static String cssClass(String level) {
    return level.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
