// Stand-in of jenkins.model.GlobalConfiguration (Jenkins 2.579): a self-describing descriptor persisted as
// $JENKINS_HOME/<id>.xml, and all(). Form binding and categories are left out.
package jenkins.model;

import hudson.ExtensionList;
import hudson.model.Describable;
import hudson.model.Descriptor;

public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration> implements Describable<GlobalConfiguration> {
    protected GlobalConfiguration() {
        super(self());
    }

    @Override
    public final Descriptor<GlobalConfiguration> getDescriptor() {
        return this;
    }

    public static ExtensionList<GlobalConfiguration> all() {
        return Jenkins.get().getExtensionList(GlobalConfiguration.class);
    }
}
