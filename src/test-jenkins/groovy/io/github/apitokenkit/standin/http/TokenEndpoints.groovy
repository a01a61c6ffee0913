package io.github.apitokenkit.standin.http

import groovy.json.JsonOutput
import hudson.model.User
import hudson.security.ACL
import hudson.security.ACLContext
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.TokenUuidAndPlainValue

import java.time.LocalDate
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle

/**
 * The web methods of ApiTokenProperty.DescriptorImpl under {@code user/<id>/descriptorByName/…} (JENKINS-FACTS.md
 * §2.5): all @RequirePOST; generate and addFixed answer 403 with an empty body unless the caller is the owner (or
 * SYSTEM, or an administrator with adminCanGenerateNewTokens); the others check Administer on the user's ACL;
 * JSON answers (errors included) are HTTP 200, revoke errors are 400 container pages.
 */
class TokenEndpoints {
    private final HttpStandIn server

    TokenEndpoints(HttpStandIn server) {
        this.server = server
    }

    void serve(HttpStandIn.Call call, User user, String method) {
        Exchange exchange = call.exchange
        String name = method.endsWith('/') ? method.substring(0, method.length() - 1) : method
        if (!(name in ['generateNewToken', 'addFixedToken', 'rename', 'revoke', 'revokeAll', 'revokeAllExcept', 'changeToken'])) {
            server.notFound(exchange)
            return
        }
        if (exchange.method != 'POST') {
            server.jenkinsHeaders(exchange)
            exchange.setHeader('Allow', 'POST')
            exchange.send(405, 'text/html;charset=UTF-8', Pages.requiresPost(exchange.rawPath))
            return
        }
        this."$name"(exchange, user, user.getProperty(ApiTokenProperty))
    }

    private static ApiTokenProperty.DescriptorImpl descriptor() {
        Jenkins.get().getDescriptorByType(ApiTokenProperty.DescriptorImpl)
    }

    void generateNewToken(Exchange exchange, User user, ApiTokenProperty property) {
        if (!descriptor().hasCurrentUserRightToGenerateNewToken(user)) {
            exchange.send(403, null, '')
            return
        }
        String name = exchange.parameter('newTokenName')
        if (name == null || name.trim().isEmpty()) {
            name = 'Token created on ' + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now())
        }
        LocalDate expiry = expirationDate(exchange)
        if (expiry != null && LocalDate.now().isAfter(expiry)) {
            okOrError(exchange, [status: 'error', message: 'Expiration date is in the past.'])
            return
        }
        TokenUuidAndPlainValue created = property.generateNewToken(name, expiry)
        // Key order as core's HashMap happens to produce it; clients must not depend on it.
        okOrError(exchange, [status: 'ok', data: [
                aboutToExpire : created.aboutToExpire,
                tokenName     : name,
                tokenUuid     : created.tokenUuid,
                tokenValue    : created.plainValue,
                expirationDate: expiry == null ? 'never' : expiry.format(shortDate(exchange))]])
    }

    void addFixedToken(Exchange exchange, User user, ApiTokenProperty property) {
        if (!descriptor().hasCurrentUserRightToGenerateNewToken(user)) {
            exchange.send(403, null, '')
            return
        }
        String name = exchange.parameter('newTokenName')
        if (name == null || name.trim().isEmpty()) {
            name = String.format('Token created on %s', DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now()))
        }
        String uuid = property.tokenStore.addFixedNewToken(name, exchange.parameter('newTokenPlainValue'), expirationDate(exchange))
        user.save()
        okOrError(exchange, [status: 'ok', data: [tokenUuid: uuid, tokenName: name]])
    }

    void rename(Exchange exchange, User user, ApiTokenProperty property) {
        user.checkPermission(Jenkins.ADMINISTER)
        String newName = exchange.parameter('newName')
        String uuid = exchange.parameter('tokenUuid')
        if (newName == null || newName.trim().isEmpty()) {
            okOrError(exchange, [status: 'error', message: 'The name cannot be empty'])
        } else if (uuid == null || uuid.trim().isEmpty()) {
            okOrError(exchange, [status: 'error', message: 'The tokenUuid cannot be empty'])
        } else if (!property.tokenStore.renameToken(uuid, newName)) {
            okOrError(exchange, [status: 'error', message: 'No token found, try refreshing the page'])
        } else {
            user.save()
            okOrError(exchange, [status: 'ok'])
        }
    }

    void revoke(Exchange exchange, User user, ApiTokenProperty property) {
        user.checkPermission(Jenkins.ADMINISTER)
        String uuid = requiredUuid(exchange)
        if (uuid != null) {
            property.revokeToken(uuid)
            exchange.send(200, null, '')
        }
    }

    void revokeAll(Exchange exchange, User user, ApiTokenProperty property) {
        user.checkPermission(Jenkins.ADMINISTER)
        property.revokeAllTokens()
        exchange.send(200, null, '')
    }

    /** As in core, an unknown uuid keeps nothing: every token goes. */
    void revokeAllExcept(Exchange exchange, User user, ApiTokenProperty property) {
        user.checkPermission(Jenkins.ADMINISTER)
        String uuid = requiredUuid(exchange)
        if (uuid != null) {
            property.revokeAllTokensExceptOne(uuid)
            exchange.send(200, null, '')
        }
    }

    void changeToken(Exchange exchange, User user, ApiTokenProperty property) {
        user.checkPermission(Jenkins.ADMINISTER)
        if (!descriptor().mustDisplayLegacyApiToken(user)) {
            html(exchange, 'Capability to generate a legacy token without an existing one is currently disabled in the security configuration')
            return
        }
        property.changeApiToken()
        String visibleToCaller = property.apiToken
        String legacyValue
        ACLContext system = ACL.as2(ACL.SYSTEM2)
        try {
            legacyValue = property.apiToken
        } finally {
            system.close()
        }
        exchange.setHeader('X-Jenkins-ValidateButton-Callback', "{\"callback\":\"changeTokenCallback\",\"arguments\":[\"${legacyValue}\"]}".toString())
        html(exchange, visibleToCaller == legacyValue
                ? 'Updated. See the new token in the field above'
                : 'Updated. You need to login as the user to see the token')
    }

    /** HttpResponses.html: the body only, no advertised headers. */
    private void html(Exchange exchange, String message) {
        exchange.send(200, 'text/html;charset=UTF-8', "<div>${Pages.escape(message)}</div>".toString())
    }

    private static String requiredUuid(Exchange exchange) {
        String uuid = exchange.parameter('tokenUuid')
        if (uuid == null || uuid.trim().isEmpty()) {
            exchange.send(400, 'text/html;charset=iso-8859-1',
                    Pages.containerError(400, 'Bad Request', 'The tokenUuid cannot be empty', exchange.rawPath))
            return null
        }
        return uuid
    }

    /** "", "never" or missing: none; "custom": the ISO date in tokenExpiration; otherwise a number of days. */
    private static LocalDate expirationDate(Exchange exchange) {
        String duration = (exchange.parameter('expirationDuration') ?: '').trim()
        if (duration == '' || duration == 'never') {
            return null
        }
        if (duration == 'custom') {
            return LocalDate.parse(exchange.parameter('tokenExpiration'))
        }
        return LocalDate.now().plusDays(Integer.parseInt(duration))
    }

    /** Core formats with the request's locale (Accept-Language), else the JVM's. */
    private static DateTimeFormatter shortDate(Exchange exchange) {
        String language = exchange.header('Accept-Language')
        Locale locale = language ? Locale.forLanguageTag(language.split(',')[0].split(';')[0].trim()) : Locale.default
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(locale)
    }

    /** HttpResponses.okJSON / errorJSON: HTTP 200 either way, and no advertised headers. */
    private void okOrError(Exchange exchange, Map body) {
        exchange.send(200, 'application/json; charset=UTF-8', JsonOutput.toJson(body))
    }
}
