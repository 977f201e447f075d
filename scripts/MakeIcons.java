import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Draws the H5 app's icons (192 and 512 px PNG): a red tile with a white 3 x 3 grid (网格) and a
 * dot, no text, so no font is needed. Run from the repository root:
 * {@code java -Djava.awt.headless=true scripts/MakeIcons.java}.
 */
public class MakeIcons {
    public static void main(String[] args) throws IOException {
        File dir = new File("server/src/main/resources/web/icons");
        dir.mkdirs();
        for (int size : new int[] {192, 512}) {
            ImageIO.write(draw(size), "png", new File(dir, "icon-" + size + ".png"));
        }
    }

    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0xc6, 0x28, 0x28));
        // Full-bleed so a maskable crop keeps the whole tile; the grid sits in the safe zone (80 %).
        g.fill(new RoundRectangle2D.Double(0, 0, size, size, size * 0.18, size * 0.18));
        double inset = size * 0.24;
        double cell = (size - 2 * inset) / 3;
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke((float) (size * 0.035), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i <= 3; i++) {
            int p = (int) Math.round(inset + i * cell);
            g.drawLine(p, (int) inset, p, (int) (size - inset));
            g.drawLine((int) inset, p, (int) (size - inset), p);
        }
        double r = cell * 0.32;
        double cx = inset + cell * 1.5;
        g.fill(new java.awt.geom.Ellipse2D.Double(cx - r, cx - r, 2 * r, 2 * r));
        g.dispose();
        return image;
    }
}
