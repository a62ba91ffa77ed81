package io.zkafka.tools.internals;

import java.io.PrintStream;
import java.util.List;

/**
 * Prints a table as Kafka's transaction tool does: a header row and rows, every cell padded to its
 * column's widest cell and followed by a tab. Stateless.
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
            String cell = cells.get(c);
            line.append(cell).append(" ".repeat(widths[c] - cell.length())).append('\t');
        }
        out.println(line);
    }
}
