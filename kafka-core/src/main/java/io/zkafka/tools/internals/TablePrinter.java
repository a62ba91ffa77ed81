package io.zkafka.tools.internals;

import java.io.PrintStream;
import java.util.List;

/**
 * Prints a table as Kafka's transaction tool does: a header row and rows, each column padded to its
 * widest cell and the columns separated by a tab. Stateless.
 */
public final class TablePrinter {
    private TablePrinter() {
    }

    public static void print(List<String> headers, List<List<String>> rows, PrintStream out) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        printRow(headers, widths, out);
        rows.forEach(row -> printRow(row, widths, out));
    }

    private static void printRow(List<String> cells, int[] widths, PrintStream out) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append('\t');
            }
            String cell = cells.get(c);
            line.append(cell);
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - cell.length()));
            }
        }
        out.println(line);
    }
}
