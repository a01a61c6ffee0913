// Stand-in of jenkins.security.apitoken.TokenUuidAndPlainValue (Jenkins 2.579, expiry fields since 2.548): uuid,
// full plain value ("11" + 32 hex), expirationDate as "Never" or pattern "E, L d u" in the JVM default locale.
package jenkins.security.apitoken;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

public class TokenUuidAndPlainValue {
    public final String tokenUuid;
    public final String plainValue;
    public final String expirationDate;
    public final boolean aboutToExpire;

    public TokenUuidAndPlainValue(String tokenUuid, String plainValue, LocalDate expirationDate, boolean aboutToExpire) {
        this.tokenUuid = tokenUuid;
        this.plainValue = plainValue;
        this.expirationDate = expirationDate == null ? "Never" : expirationDate.format(DateTimeFormatter.ofPattern("E, L d u"));
        this.aboutToExpire = aboutToExpire;
    }
}
