package dev.imessagegateway.agent.backend.messages;

import dev.imessagegateway.agent.backend.OutgoingMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs {@code osascript -} with the script on stdin and every value as a separate argument ({@code on run argv}). */
public final class Osascript {
    /** Outcome of one run; {@code timedOut} when it was killed. */
    public record Result(int exit, String stdout, String stderr, boolean timedOut) {
        public boolean ok() {
            return exit == 0 && !timedOut;
        }
    }

    private final Path executable;
    private final Duration timeout;

    public Osascript(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /** The argv of the send script for a message (see {@link ScriptVariant#sendScript()}). */
    public static List<String> sendArguments(OutgoingMessage m) {
        List<String> args = new ArrayList<>();
        args.add(m.toChat() ? "chat" : "person");
        args.add(m.to());
        args.add(m.body());
        args.addAll(m.attachments());
        return args;
    }

    public Result run(String script, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.add("-");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the process may have exited early; its exit status tells
        }
        try {
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            return new Result(done ? p.exitValue() : -1, get(out), get(err), !done);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running osascript", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    private static String get(CompletableFuture<String> f) {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return "";
        }
    }
}
