// Stand-in of hudson.util.XStream2 (Jenkins 2.579): plain XStream with the converters the token model needs
// (Secret written encrypted, Permission by id). Core's class filter, plugin class loading and pure-Java reflection are left out.
package hudson.util;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.converters.basic.AbstractSingleValueConverter;
import com.thoughtworks.xstream.io.xml.DomDriver;
import hudson.security.Permission;

public class XStream2 extends XStream {
    public XStream2() {
        // Core writes XML 1.1 headers; the JDK's DOM parser reads them, XStream's default pull parser refuses them.
        super(new DomDriver("UTF-8"));
        allowTypesByWildcard(new String[] {"hudson.**", "jenkins.**", "org.jvnet.hudson.test.**", "io.github.apitokenkit.**"});
        registerConverter(new Secret.ConverterImpl());
        registerConverter(new PermissionById());
    }

    /** Permissions are singletons: persist them by id, as core does, so a strategy reads back the same objects. */
    private static final class PermissionById extends AbstractSingleValueConverter {
        @Override
        public boolean canConvert(Class type) {
            return type == Permission.class;
        }

        @Override
        public String toString(Object permission) {
            return ((Permission) permission).getId();
        }

        @Override
        public Object fromString(String id) {
            return Permission.fromId(id);
        }
    }
}
