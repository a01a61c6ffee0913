// Stand-in of hudson.model.Hudson (Jenkins 2.579): the legacy subclass JenkinsRule instantiates; it also owns the
// "Overall" permission group, which is why permission ids read hudson.model.Hudson.Administer.
package hudson.model;

import jakarta.servlet.ServletContext;
import java.io.File;
import java.io.IOException;
import jenkins.model.Jenkins;

public class Hudson extends Jenkins {
    public Hudson(File root, ServletContext context) throws IOException {
        super(root, context);
    }
}
