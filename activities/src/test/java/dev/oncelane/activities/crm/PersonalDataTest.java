package dev.oncelane.activities.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PersonalDataTest {

  @Test
  void masksValidAndInvalidEmailAddressesInHubSpotMessages() {
    assertEquals(
        "Property values were not valid: [{\"message\":\"Email address <email> is invalid\"}]",
        PersonalData.maskEmails(
            "Property values were not valid: [{\"message\":\"Email address ada@@example is"
                + " invalid\"}]"));
    assertEquals(
        "<email> and <email>", PersonalData.maskEmails("ada@example.com and Grace.H@x.example"));
  }

  @Test
  void leavesTextWithoutAnAddressAlone() {
    assertEquals(
        "Contact already exists. Existing ID: 1001",
        PersonalData.maskEmails("Contact already exists. Existing ID: 1001"));
    assertNull(PersonalData.maskEmails(null));
  }
}
