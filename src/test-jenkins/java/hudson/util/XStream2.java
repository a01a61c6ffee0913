// Stand-in of hudson.util.XStream2 (Jenkins 2.579): plain XStream with the converters the token model needs
// (Secret written encrypted). Core's class filter, plugin class loading and pure-Java reflection are left out.
package hudson.util;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.io.xml.DomDriver;

public class XStream2 extends XStream {
    public XStream2() {
        // Core writes XML 1.1 headers; the JDK's DOM parser reads them, XStream's default pull parser refuses them.
        super(new DomDriver("UTF-8"));
        allowTypesByWildcard(new String[] {"hudson.**", "jenkins.**", "org.jvnet.hudson.test.**", "io.github.apitokenkit.**"});
        registerConverter(new Secret.ConverterImpl());
    }
}
