package io.github.apitokenkit.standin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stand-in plumbing, not a Jenkins class: the core weekly release that introduced a stand-in member (and, when core
 * removed it, the release that did), as docs/JENKINS-FACTS.md records it. A stand-in loaded as an older Jenkins
 * ({@link VersionedStandIn}) lacks every member younger than that version. A member without it is as old as the
 * kit's oldest claim (2.129) or older.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD, ElementType.TYPE})
public @interface Since {
    /** The first weekly release with the member, e.g. "2.260". */
    String value();

    /** The first weekly release without it, or "" while core still has it. */
    String removed() default "";
}
