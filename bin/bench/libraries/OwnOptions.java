package io.github.apitokenkit.launcher;

/** The launcher's Options.parse on the command line given. */
public final class OwnOptions {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Options options = Options.parse(args);
        System.out.println((System.nanoTime() - start) / 1000 + " us " + options.command + " " + options.parameters);
    }
}
