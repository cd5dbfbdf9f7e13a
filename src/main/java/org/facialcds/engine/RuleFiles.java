package org.facialcds.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** Reads the knowledge base's files: the DRL rules and {@code knowledge-base.properties}, sorted by path. */
public final class RuleFiles {

    static final String PROPERTIES = "knowledge-base.properties";

    private final List<RuleFile> drl;
    private final Properties properties;

    private RuleFiles(List<RuleFile> drl, Properties properties) {
        this.drl = List.copyOf(drl);
        this.properties = properties;
    }

    /** The rules directory given at run time, so authors edit without recompiling. */
    public static RuleFiles fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KnowledgeBaseException("FCDS-0202", List.of("rules directory not found: " + dir));
        }
        return read(dir);
    }

    /** The copy of {@code rules/} packaged into the jar (or on the test class path). */
    public static RuleFiles bundled() {
        URL marker = RuleFiles.class.getClassLoader().getResource("rules/" + PROPERTIES);
        if (marker == null) {
            throw new KnowledgeBaseException("FCDS-0203", List.of("no bundled rules/ on the class path"));
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return read(fs.getPath("/rules"));
            }
            return read(Path.of(uri).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files made in memory (tests, tools), compiled in the order given. */
    public static RuleFiles of(List<RuleFile> drl, Properties properties) {
        return new RuleFiles(drl, properties);
    }

    private static RuleFiles read(Path dir) {
        List<RuleFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".drl"))::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                files.add(new RuleFile("rules/" + rel, Files.readString(p, StandardCharsets.UTF_8)));
            }
            Properties props = new Properties();
            Path propsFile = dir.resolve(PROPERTIES);
            if (Files.exists(propsFile)) {
                try (var in = Files.newBufferedReader(propsFile, StandardCharsets.UTF_8)) {
                    props.load(in);
                }
            }
            return new RuleFiles(sorted(files), props);
        } catch (NoSuchFileException e) {
            throw new KnowledgeBaseException("FCDS-0202", List.of("rules directory not found: " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RuleFile> sorted(List<RuleFile> files) {
        return files.stream().sorted(Comparator.comparing(RuleFile::path)).toList();
    }

    public List<RuleFile> drl() {
        return drl;
    }

    public String name() {
        return properties.getProperty("name", "unnamed");
    }

    public String version() {
        return properties.getProperty("version", "0.0.0");
    }
}
