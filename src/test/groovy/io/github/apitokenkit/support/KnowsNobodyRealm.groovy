package io.github.apitokenkit.support

import hudson.security.AbstractPasswordBasedSecurityRealm
import org.springframework.security.authentication.BadCredentialsException
import org.springframework.security.core.userdetails.UserDetails
import org.springframework.security.core.userdetails.UsernameNotFoundException

/**
 * A security realm that knows no user at all. (A password-based one: core's SecurityRealm has an abstract
 * createSecurityComponents, whose SecurityComponents the stand-in leaves out.)
 */
class KnowsNobodyRealm extends AbstractPasswordBasedSecurityRealm {
    @Override
    protected UserDetails authenticate2(String username, String password) {
        throw new BadCredentialsException(username)
    }

    @Override
    UserDetails loadUserByUsername2(String username) {
        throw new UsernameNotFoundException(username)
    }
}
