// Stand-in of org.kohsuke.stapler.StaplerRequest (stapler; Jenkins 2.579 still bundles it, deprecated since 2.475):
// the javax HttpServletRequest Stapler handed out before its EE 9 migration, and since then an adapter over
// StaplerRequest2. Stapler's own additions are left out, as in StaplerRequest2.
package org.kohsuke.stapler;

import javax.servlet.http.HttpServletRequest;

@Deprecated
public interface StaplerRequest extends HttpServletRequest {
}
