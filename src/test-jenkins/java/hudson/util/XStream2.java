// Stand-in of hudson.util.XStream2 (Jenkins 2.579): XStream with the converters the token model needs (Secret written
// encrypted) and the one trait of core's RobustReflectionConverter that core's own loading relies on: a root object
// of another type than the XML names is ignored (ApiTokenStats.load passes the class itself). Core's class filter,
// plugin class loading, field-level error recovery and pure-Java reflection are left out.
package hudson.util;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.converters.UnmarshallingContext;
import com.thoughtworks.xstream.converters.reflection.ReflectionConverter;
import com.thoughtworks.xstream.io.HierarchicalStreamReader;
import com.thoughtworks.xstream.io.xml.DomDriver;

public class XStream2 extends XStream {
    public XStream2() {
        // Core writes XML 1.1 headers; the JDK's DOM parser reads them, XStream's default pull parser refuses them.
        super(new DomDriver("UTF-8"));
        allowTypesByWildcard(new String[] {"hudson.**", "jenkins.**", "org.jvnet.hudson.test.**", "io.github.apitokenkit.**"});
        registerConverter(new Secret.ConverterImpl());
        registerConverter(new RootOfItsTypeOnly(this), PRIORITY_VERY_LOW);
    }

    /** Reflection that fills the given root only when it is of the type being read; otherwise a new object. */
    private static final class RootOfItsTypeOnly extends ReflectionConverter {
        RootOfItsTypeOnly(XStream xstream) {
            super(xstream.getMapper(), xstream.getReflectionProvider());
        }

        @Override
        protected Object instantiateNewInstance(HierarchicalStreamReader reader, UnmarshallingContext context) {
            Object root = context.currentObject();
            if (root != null && !context.getRequiredType().isInstance(root)) {
                return reflectionProvider.newInstance(context.getRequiredType());
            }
            return super.instantiateNewInstance(reader, context);
        }
    }
}
