package io.github.apitokenkit.standin.http

/**
 * The bodies Jenkins and its servlet container answer with (JENKINS-FACTS.md §12.2). Texts that clients or people
 * rely on are kept; the surrounding HTML is reduced.
 */
class Pages {
    /** The container's error page, as sendError(status, message) produces outside Jenkins's own pages. */
    static String containerError(int status, String reason, String message, String uri) {
        """<html>
<head>
<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>
<title>Error ${status} ${escape(message)}</title>
</head>
<body>
<h2>HTTP ERROR ${status} ${escape(message)}</h2>
<table>
<tr><th>URI:</th><td>${escape(uri)}</td></tr>
<tr><th>STATUS:</th><td>${status}</td></tr>
<tr><th>MESSAGE:</th><td>${escape(message)}</td></tr>
<tr><th>SERVLET:</th><td>Stapler</td></tr>
</table>
<hr/><a href="https://jetty.org/">Powered by Jetty:// 12</a>
</body>
</html>
""".toString()
    }

    /** What an anonymous caller gets when a permission is missing: a redirect to the login page, padded. */
    static String authenticationRequired(String loginUrl, String comment) {
        String page = """<html><head><meta http-equiv='refresh' content='1;url=${escape(loginUrl)}'/></head><body style='background-color:white; color:white;'>

Authentication required
<!--
${comment}
-->

</body></html>"""
        return page + (' ' * 1024) + '\n'
    }

    static String accessDenied(String message) {
        """<!DOCTYPE html><html><head><title>Access Denied [Jenkins]</title></head><body>
<h1>Access Denied</h1>
<p>${escape(message)}</p>
</body></html>
""".toString()
    }

    static String oops(String message) {
        """<!DOCTYPE html><html><head><title>Jenkins</title></head><body>
<h1>Oops!</h1>
<p>A problem occurred while processing the request.</p>
<p id="error-description">${escape(message ?: '')}</p>
<p>Logging ID=${UUID.randomUUID()}</p>
</body></html>
""".toString()
    }

    static String notFound() {
        """<!DOCTYPE html><html><head><title>Not Found [Jenkins]</title></head><body>
<h1>Not Found</h1>
</body></html>
""".toString()
    }

    /** @RequirePOST's answer to any other method: a form that retries with POST. */
    static String requiresPost(String uri) {
        """<!DOCTYPE html><html><head><title>Jenkins</title></head><body>
<h1>This URL requires POST</h1>
<p>The URL you're trying to access requires that requests be sent using POST (like a form submission).</p>
<form method="POST" action="${escape(uri)}"><input type="submit" value="Proceed"/></form>
</body></html>
""".toString()
    }

    static String login(String contextPath) {
        """<!DOCTYPE html><html><head><title>Sign in [Jenkins]</title></head><body>
<form method="post" name="login" action="${contextPath}/j_spring_security_check">
<input name="j_username" id="j_username" type="text"/>
<input name="j_password" id="j_password" type="password"/>
<button type="submit">Sign in</button>
</form>
</body></html>
""".toString()
    }

    static String dashboard() {
        """<!DOCTYPE html><html><head><title>Dashboard [Jenkins]</title></head><body>
<h1>Welcome to Jenkins!</h1>
</body></html>
""".toString()
    }

    static String scriptConsole(String script, String output) {
        String result = output == null ? '' : "<h2>Result</h2><pre>${escape(output)}</pre>"
        """<!DOCTYPE html><html><head><title>Script Console [Jenkins]</title></head><body>
<h1>Script Console</h1>
<form method="post" action="script"><textarea name="script">${escape(script ?: '')}</textarea><button type="submit">Run</button></form>
${result}
</body></html>
""".toString()
    }

    static String escape(String s) {
        s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;').replace("'", '&#39;')
    }
}
