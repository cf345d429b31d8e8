package dev.ordinal.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code ordinal.api}, after kube-apiserver's flags of the same names.
 *
 * @param maxRequestsInflight         requests that only read (get, list; not watch) served at
 *                                    once; more are answered 429 (upstream's default 400; 0 for no limit)
 * @param maxMutatingRequestsInflight requests that write served at once (upstream's default 200; 0
 *                                    for no limit)
 */
@ConfigurationProperties("ordinal.api")
public record ServingProperties(Integer maxRequestsInflight, Integer maxMutatingRequestsInflight) {

    public ServingProperties {
        if (maxRequestsInflight == null) {
            maxRequestsInflight = 400;
        }
        if (maxMutatingRequestsInflight == null) {
            maxMutatingRequestsInflight = 200;
        }
        if (maxRequestsInflight < 0 || maxMutatingRequestsInflight < 0) {
            throw new IllegalArgumentException("ordinal.api in-flight limits must be 0 (no limit) or more");
        }
    }
}
