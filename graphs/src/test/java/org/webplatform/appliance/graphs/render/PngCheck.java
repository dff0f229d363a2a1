package org.webplatform.appliance.graphs.render;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Decodes a PNG and checks it shows a graph, not an empty or blank canvas. */
public final class PngCheck {
  private PngCheck() {}

  /**
   * @param minHeight the plot height: the image adds title, axis and legend to it
   * @return the decoded image
   */
  public static BufferedImage assertGraph(byte[] png, int minHeight, String what)
      throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image, what + ": not a PNG");
    assertTrue(image.getWidth() > GraphRenderer.WIDTH, what + ": width " + image.getWidth());
    assertTrue(image.getHeight() > minHeight + 40, what + ": height " + image.getHeight());
    Set<Integer> colors = new HashSet<>();
    int dark = 0;
    int legendDark = 0;
    int legendTop = image.getHeight() - 30;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colors.add(rgb);
        int luminance = ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
        if (luminance < 3 * 100) {
          dark++;
          if (y >= legendTop) {
            legendDark++;
          }
        }
      }
    }
    // Text, grid, axes and plots in several colours; antialiasing adds many shades.
    assertTrue(colors.size() >= 8, what + ": only " + colors.size() + " colours");
    assertTrue(dark > 500, what + ": " + dark + " dark pixels");
    assertTrue(legendDark > 50, what + ": no legend text at the bottom (" + legendDark + ")");
    return image;
  }

  /** Pixels of exactly {@code rgb}: how much of a series' colour the plot shows. */
  public static int count(BufferedImage image, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
          n++;
        }
      }
    }
    return n;
  }
}
