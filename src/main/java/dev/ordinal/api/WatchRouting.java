package dev.ordinal.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.condition.RequestCondition;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Sends a GET to the watch handler when its {@code watch} query boolean is true, read as every
 * other query boolean is ({@link QueryBoolean}, upstream's {@code Convert_Slice_string_To_bool}):
 * a {@code params} condition compares exact strings and cannot say "anything but 0 or false in
 * any case", so the handler mapping gets a request condition of its own for the methods marked
 * {@link WatchRequests}.
 */
@Component
class WatchRouting implements WebMvcRegistrations {

    /** Marks the handler method that serves a request only when it asks to watch. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @interface WatchRequests {
    }

    @Override
    public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new RequestMappingHandlerMapping() {
            @Override
            protected RequestCondition<?> getCustomMethodCondition(Method method) {
                return method.isAnnotationPresent(WatchRequests.class) ? WatchCondition.WATCH : null;
            }
        };
    }

    private enum WatchCondition implements RequestCondition<WatchCondition> {
        WATCH;

        @Override
        public WatchCondition combine(WatchCondition other) {
            return this;
        }

        @Override
        public WatchCondition getMatchingCondition(HttpServletRequest request) {
            return QueryBoolean.isSet(request, "watch") ? this : null;
        }

        @Override
        public int compareTo(WatchCondition other, HttpServletRequest request) {
            return 0;
        }
    }
}
