package dev.ordinal.pki;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cluster's own keys, kept in the store's database beside the objects but apart from them
 * (kubeadm keeps them in {@code /etc/kubernetes/pki}): each is made once, at the first start that
 * needs it, and read back at every later one, so certificates and tokens a client holds stay valid
 * across restarts. A reset, which empties the objects, leaves them.
 */
@Component
class ClusterKeys {

    private final JdbcTemplate jdbc;

    ClusterKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The PEM text kept under {@code name}, made by {@code make} and kept if there is none yet. */
    String pem(String name, Supplier<String> make) {
        List<String> kept = read(name);
        if (!kept.isEmpty()) {
            return kept.get(0);
        }
        try {
            jdbc.update("INSERT INTO cluster_keys (name, pem) VALUES (?, ?)", name, make.get());
        } catch (DuplicateKeyException e) {
            // Another server on the same database made it first: its key is the cluster's.
        }
        return read(name).get(0);
    }

    private List<String> read(String name) {
        return jdbc.queryForList("SELECT pem FROM cluster_keys WHERE name = ?", String.class, name);
    }
}
