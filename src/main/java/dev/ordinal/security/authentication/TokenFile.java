package dev.ordinal.security.authentication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ordinal.security.UserInfo;

/**
 * The static token file of kube-apiserver's {@code --token-auth-file} (upstream's
 * {@code tokenfile.NewCSV}): CSV records {@code token,user,uid[,"group1,group2"]}, read with Go's
 * {@code encoding/csv} rules (double-quoted fields, {@code ""} for a quote, blank lines skipped),
 * each with at least three fields. A record with an empty token is skipped and a repeated token
 * replaces the earlier one, both with a warning, as upstream.
 */
final class TokenFile implements TokenAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(TokenFile.class);

    private final Map<String, UserInfo> users;

    private TokenFile(Map<String, UserInfo> users) {
        this.users = users;
    }

    static TokenFile read(Path path) throws IOException {
        return parse(path.toString(), Files.readString(path));
    }

    static TokenFile parse(String path, String text) {
        Map<String, UserInfo> users = new LinkedHashMap<>();
        int recordNumber = 0;
        for (List<String> record : CsvRecords.of(text)) {
            if (record.size() < 3) {
                throw new IllegalArgumentException("token file '" + path
                        + "' must have at least 3 columns (token, user name, user uid), found " + record.size());
            }
            recordNumber++;
            if (record.get(0).isEmpty()) {
                log.warn("empty token has been found in token file '{}', record number '{}'", path, recordNumber);
                continue;
            }
            List<String> groups = record.size() >= 4 ? Arrays.asList(record.get(3).split(",", -1)) : List.of();
            if (users.put(record.get(0), new UserInfo(record.get(1), record.get(2), groups, Map.of())) != null) {
                log.warn("duplicate token has been found in token file '{}', record number '{}'", path, recordNumber);
            }
        }
        return new TokenFile(users);
    }

    /** The file's user for {@code token}, compared with every token in constant time, as upstream compares them. */
    @Override
    public Optional<Authenticated> authenticate(String token, List<String> audiences) {
        byte[] presented = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        UserInfo found = null;
        for (Map.Entry<String, UserInfo> entry : users.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found).map(user -> new Authenticated(user, audiences));
    }

    /** Go's {@code encoding/csv} reader with its defaults, as far as token files need it. */
    static final class CsvRecords {

        private final String text;
        private int position;
        private int line = 1;

        private CsvRecords(String text) {
            this.text = text;
        }

        static List<List<String>> of(String text) {
            CsvRecords reader = new CsvRecords(text);
            List<List<String>> records = new ArrayList<>();
            while (reader.position < text.length()) {
                if (reader.atLineEnd()) {
                    reader.skipLineEnd();
                    continue;
                }
                records.add(reader.record());
            }
            return records;
        }

        private List<String> record() {
            List<String> fields = new ArrayList<>();
            int recordLine = line;
            while (true) {
                fields.add(position < text.length() && text.charAt(position) == '"' ? quoted(recordLine) : bare());
                if (position < text.length() && text.charAt(position) == ',') {
                    position++;
                    continue;
                }
                skipLineEnd();
                return fields;
            }
        }

        private String bare() {
            int start = position;
            while (position < text.length() && text.charAt(position) != ',' && !atLineEnd()) {
                if (text.charAt(position) == '"') {
                    throw new IllegalArgumentException("parse error on line " + line + ", column "
                            + (column(position) + 1) + ": bare \" in non-quoted-field");
                }
                position++;
            }
            return text.substring(start, position);
        }

        private String quoted(int recordLine) {
            StringBuilder field = new StringBuilder();
            position++;
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == '"') {
                    if (position + 1 < text.length() && text.charAt(position + 1) == '"') {
                        field.append('"');
                        position += 2;
                        continue;
                    }
                    position++;
                    if (position < text.length() && text.charAt(position) != ',' && !atLineEnd()) {
                        throw new IllegalArgumentException("parse error on line " + line + ", column "
                                + (column(position) + 1) + ": extraneous or missing \" in quoted-field");
                    }
                    return field.toString();
                }
                if (c == '\n') {
                    line++;
                }
                if (c != '\r' || position + 1 >= text.length() || text.charAt(position + 1) != '\n') {
                    field.append(c);
                }
                position++;
            }
            throw new IllegalArgumentException("record on line " + recordLine + "; parse error on line " + line
                    + ", column " + (column(position) + 1) + ": extraneous or missing \" in quoted-field");
        }

        private boolean atLineEnd() {
            char c = text.charAt(position);
            return c == '\n' || c == '\r' && position + 1 < text.length() && text.charAt(position + 1) == '\n';
        }

        private void skipLineEnd() {
            if (position < text.length() && text.charAt(position) == '\r') {
                position++;
            }
            if (position < text.length() && text.charAt(position) == '\n') {
                position++;
                line++;
            }
        }

        private int column(int at) {
            return at - (text.lastIndexOf('\n', at - 1) + 1);
        }
    }
}
