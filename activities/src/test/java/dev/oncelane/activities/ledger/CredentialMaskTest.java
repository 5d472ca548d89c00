package dev.oncelane.activities.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialMaskTest {

  @Test
  void masksEveryPasswordLikeParameterInAnyCase() {
    Map<String, String> cases =
        Map.of(
            "jdbc:postgresql://db:5432/oncelane?user=ol&password=pw1&ssl=true",
            "jdbc:postgresql://db:5432/oncelane?user=ol&password=****&ssl=true",
            "jdbc:postgresql://db/x?sslkey=/k.pk8&sslpassword=phrase&PASSWORD=Pw",
            "jdbc:postgresql://db/x?sslkey=/k.pk8&sslpassword=****&PASSWORD=****",
            "jdbc:sqlserver://db;user=sa;Password=Pw;encrypt=true",
            "jdbc:sqlserver://db;user=sa;Password=****;encrypt=true",
            "jdbc:mysql://db/x?trustCertificateKeyStorePassword=ks&useSSL=true",
            "jdbc:mysql://db/x?trustCertificateKeyStorePassword=****&useSSL=true",
            "jdbc:sqlite:/data/ledger.db",
            "jdbc:sqlite:/data/ledger.db");
    cases.forEach((url, expected) -> assertEquals(expected, CredentialMask.mask(url), url));
  }

  @Test
  void masksUserInfoOfAnyUrlInRunningText() {
    String text =
        "cannot connect to postgresql://ada:s3cr3t@db:5432/x, nor https://token@hooks.example.com/";

    String masked = CredentialMask.mask(text);

    assertEquals(
        "cannot connect to postgresql://****@db:5432/x, nor https://****@hooks.example.com/",
        masked);
    assertFalse(masked.contains("s3cr3t"));
  }

  @Test
  void theLedgerDescribesItselfWithoutItsPassword() {
    LedgerDatabase database =
        new LedgerDatabase("jdbc:postgresql://db/x?sslpassword=phrase", "ol", "pw");

    assertEquals("jdbc:postgresql://db/x?sslpassword=**** as ol", database.describe());
    assertFalse(database.toString().contains("pw"));
    assertFalse(database.toString().contains("phrase"));
  }
}
