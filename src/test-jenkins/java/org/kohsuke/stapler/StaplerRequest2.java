// Stand-in of org.kohsuke.stapler.StaplerRequest2 (stapler 1903.v994a_db_314d58, Jenkins 2.475; as of the stapler
// Jenkins 2.579 bundles): the request Stapler is handling, a jakarta HttpServletRequest. Stapler's own additions
// (views, form binding, ancestors) are left out: a stand-in request answers its parameters and its method only.
package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

public interface StaplerRequest2 extends HttpServletRequest {
}
