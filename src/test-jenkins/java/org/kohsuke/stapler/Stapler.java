// Stand-in of org.kohsuke.stapler.Stapler (stapler 2107.v8dfcb_e8ed317, which Jenkins 2.579 bundles): the request of
// the thread that is handling an HTTP request, which Stapler.invoke sets for the whole of a dispatch (a /scriptText
// script included: it runs on that thread, JENKINS-FACTS.md §14) and puts back as it was afterwards. The servlet
// itself (Stapler extends HttpServlet), URL dispatch and the current response are left out: the stand-in's HTTP side
// dispatches, and sets the request through io.github.apitokenkit.standin.CurrentRequest.
package org.kohsuke.stapler;

import io.github.apitokenkit.standin.Since;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

public class Stapler {
    /** Core's is a ThreadLocal of its RequestImpl, also package-private; set by the stand-in's plumbing. */
    static ThreadLocal<StaplerRequest2> CURRENT_REQUEST = new ThreadLocal<>();

    /** The request this thread is handling; null outside an HTTP request. */
    @Since("2.475")
    public static StaplerRequest2 getCurrentRequest2() {
        return CURRENT_REQUEST.get();
    }

    /**
     * The same request as a javax StaplerRequest: before 2.475 the only form; since then a new adapter at each call
     * (StaplerRequest.fromStaplerRequest2), which here forwards each method to the jakarta request's of the same name.
     */
    @Deprecated
    public static StaplerRequest getCurrentRequest() {
        StaplerRequest2 current = CURRENT_REQUEST.get();
        if (current == null) {
            return null;
        }
        return (StaplerRequest) Proxy.newProxyInstance(Stapler.class.getClassLoader(), new Class<?>[] {StaplerRequest.class},
                (proxy, method, arguments) -> forward(current, method, arguments));
    }

    private static Object forward(StaplerRequest2 current, Method method, Object[] arguments) throws Throwable {
        try {
            return StaplerRequest2.class.getMethod(method.getName(), method.getParameterTypes()).invoke(current, arguments);
        } catch (NoSuchMethodException e) {
            throw new UnsupportedOperationException("the stand-in's StaplerRequest adapter has no " + method.getName(), e);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
