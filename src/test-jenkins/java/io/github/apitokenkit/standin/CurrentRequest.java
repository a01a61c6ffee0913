package io.github.apitokenkit.standin;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Stand-in plumbing, not a Jenkins class: what Stapler.invoke does around a dispatch, for the stand-in's HTTP side
 * and for the specs that run /scriptText without HTTP. The thread's current request (Stapler.getCurrentRequest2) is a
 * request with these parameters (query string and urlencoded form, first value first, as the servlet container gives
 * them) for the duration of the body, and is put back as it was afterwards. The request answers getMethod and the
 * getParameter family; anything else is not modelled and throws.
 */
public final class CurrentRequest {
    private CurrentRequest() {}

    public static <T> T during(String method, Map<String, List<String>> parameters, Supplier<T> body) {
        ThreadLocal<StaplerRequest2> current = currentRequestOfStapler();
        StaplerRequest2 previous = current.get();
        current.set(request(method, parameters));
        try {
            return body.get();
        } finally {
            current.set(previous);
        }
    }

    private static StaplerRequest2 request(String method, Map<String, List<String>> parameters) {
        Map<String, String[]> map = new LinkedHashMap<>();
        parameters.forEach((name, values) -> map.put(name, values.toArray(new String[0])));
        Map<String, String[]> unmodifiable = Collections.unmodifiableMap(map);
        return (StaplerRequest2) Proxy.newProxyInstance(StaplerRequest2.class.getClassLoader(), new Class<?>[] {StaplerRequest2.class},
                (proxy, called, arguments) -> {
                    switch (called.getName()) {
                        case "getMethod":
                            return method;
                        case "getParameter":
                            String[] values = unmodifiable.get((String) arguments[0]);
                            return values == null || values.length == 0 ? null : values[0];
                        case "getParameterValues":
                            String[] all = unmodifiable.get((String) arguments[0]);
                            return all == null ? null : all.clone();
                        case "getParameterMap":
                            return unmodifiable;
                        case "getParameterNames":
                            return Collections.enumeration(unmodifiable.keySet());
                        case "toString":
                            return "stand-in StaplerRequest2 " + method;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == arguments[0];
                        default:
                            throw new UnsupportedOperationException("the stand-in's request does not model " + called.getName());
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private static ThreadLocal<StaplerRequest2> currentRequestOfStapler() {
        try {
            Field field = Stapler.class.getDeclaredField("CURRENT_REQUEST");
            field.setAccessible(true);
            return (ThreadLocal<StaplerRequest2>) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the stand-in's Stapler keeps no current request", e);
        }
    }
}
