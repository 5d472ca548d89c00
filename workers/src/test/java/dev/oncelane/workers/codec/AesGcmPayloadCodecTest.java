package dev.oncelane.workers.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AesGcmPayloadCodecTest {

  private static final String KEY_A = CodecKeys.generateKey();
  private static final String KEY_B = CodecKeys.generateKey();

  private static Payload json(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow();
  }

  @Test
  void anEncryptedPayloadHoldsNoClearTextAndNamesItsKey() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(CodecKeys.parse("a:" + KEY_A, "a"));
    Payload clear = json(Map.of("email", "ada@example.com", "firstname", "Ada"));

    Payload sealed = codec.encode(List.of(clear)).get(0);

    assertEquals("binary/encrypted", sealed.getMetadataOrThrow("encoding").toStringUtf8());
    assertEquals("a", sealed.getMetadataOrThrow("encryption-key-id").toStringUtf8());
    assertFalse(sealed.toByteString().toStringUtf8().contains("ada@example.com"));
    assertFalse(sealed.toByteString().toStringUtf8().contains("json/plain"));
    assertEquals(clear, codec.decode(List.of(sealed)).get(0));
  }

  @Test
  void theSamePayloadEncryptsDifferentlyEachTimeBecauseEveryNonceIsFresh() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(CodecKeys.parse("a:" + KEY_A, "a"));
    Payload clear = json("ada@example.com");
    assertNotEquals(
        codec.encode(List.of(clear)).get(0).getData(),
        codec.encode(List.of(clear)).get(0).getData());
  }

  @Test
  void aPayloadWrittenBeforeEncryptionPassesThroughDecodingUnchanged() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(CodecKeys.parse("a:" + KEY_A, "a"));
    Payload old = json(Map.of("email", "old@example.com"));
    assertSame(old, codec.decode(List.of(old)).get(0));
  }

  @Test
  void afterARotationOldPayloadsDecryptWithTheOldKeyAndNewOnesUseTheNewKey() {
    AesGcmPayloadCodec before = new AesGcmPayloadCodec(CodecKeys.parse("a:" + KEY_A, "a"));
    AesGcmPayloadCodec after =
        new AesGcmPayloadCodec(CodecKeys.parse("a:" + KEY_A + ",b:" + KEY_B, "b"));
    Payload clear = json("ada@example.com");
    Payload underA = before.encode(List.of(clear)).get(0);

    Payload underB = after.encode(List.of(clear)).get(0);

    assertEquals("b", underB.getMetadataOrThrow("encryption-key-id").toStringUtf8());
    assertEquals(clear, after.decode(List.of(underA)).get(0));
    assertEquals(clear, after.decode(List.of(underB)).get(0));
  }

  @Test
  void aProcessWithoutTheKeyRefusesToDecodeAndSaysWhichKeyItLacks() {
    Payload underA =
        new AesGcmPayloadCodec(CodecKeys.parse("a:" + KEY_A, "a"))
            .encode(List.of(json("x")))
            .get(0);
    AesGcmPayloadCodec onlyB = new AesGcmPayloadCodec(CodecKeys.parse("b:" + KEY_B, "b"));
    PayloadCodecException refused =
        assertThrows(PayloadCodecException.class, () -> onlyB.decode(List.of(underA)));
    assertTrue(refused.getMessage().contains("'a'"), refused.getMessage());
    assertFalse(refused.getMessage().contains(KEY_A) || refused.getMessage().contains(KEY_B));
  }

  @Test
  void alteredCiphertextOrAnotherKeyUnderTheSameIdFailsAuthentication() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(CodecKeys.parse("a:" + KEY_A, "a"));
    Payload sealed = codec.encode(List.of(json("ada@example.com"))).get(0);
    byte[] bytes = sealed.getData().toByteArray();
    bytes[bytes.length - 1] ^= 1;
    Payload altered = sealed.toBuilder().setData(ByteString.copyFrom(bytes)).build();
    assertThrows(PayloadCodecException.class, () -> codec.decode(List.of(altered)));

    AesGcmPayloadCodec impostor = new AesGcmPayloadCodec(CodecKeys.parse("a:" + KEY_B, "a"));
    assertThrows(PayloadCodecException.class, () -> impostor.decode(List.of(sealed)));
  }

  @Test
  void decryptOnlyKeysLeaveNewPayloadsClearButReadEncryptedOnes() {
    Payload underA =
        new AesGcmPayloadCodec(CodecKeys.parse("a:" + KEY_A, "a"))
            .encode(List.of(json("x")))
            .get(0);
    AesGcmPayloadCodec decryptOnly =
        new AesGcmPayloadCodec(CodecKeys.parse("a:" + KEY_A, CodecKeys.DECRYPT_ONLY));
    Payload clear = json("y");
    assertSame(clear, decryptOnly.encode(List.of(clear)).get(0));
    assertEquals(json("x"), decryptOnly.decode(List.of(underA)).get(0));
  }

  @Test
  void theDataConverterEncryptsFailureMessagesToo() {
    DataConverter converter = PayloadEncryption.dataConverter(CodecKeys.parse("a:" + KEY_A, "a"));
    var failure =
        converter.exceptionToFailure(new IllegalStateException("Email address ada@x.example bad"));
    assertFalse(failure.toByteString().toStringUtf8().contains("ada@x.example"));
    assertTrue(
        converter.failureToException(failure).getMessage().contains("ada@x.example"),
        "decoded again with the key");
  }
}
