package dev.oncelane.workers.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Temporal's {@link PayloadCodec} encrypting whole payloads with AES-256-GCM (NIST SP 800-38D, the
 * JDK's {@code AES/GCM/NoPadding}), after the samples-java {@code encryptedpayloads} sample.
 *
 * <p>An encrypted payload has metadata {@code encoding: binary/encrypted} and {@code
 * encryption-key-id: <id>}, and data {@code nonce (12 random bytes) ‖ ciphertext ‖ tag (16 bytes)}
 * of the original payload's protobuf bytes; the key id is bound to the ciphertext as associated
 * data. Decoding picks the key by that id, so several keys decrypt while one encrypts (rotation). A
 * payload without {@code binary/encrypted} (written before encryption was switched on) passes
 * through decoding unchanged, so old histories still replay and display.
 *
 * <p>Throws {@link PayloadCodecException} when a payload names a key this process lacks or fails
 * authentication (wrong key, altered bytes); the message names the key id, never key material.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

  /** The {@code encoding} metadata value of an encrypted payload. */
  public static final String ENCODING = "binary/encrypted";

  /** The metadata entry naming the key a payload was encrypted with. */
  public static final String KEY_ID = "encryption-key-id";

  static final String METADATA_ENCODING = "encoding";
  private static final String CIPHER = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

  private final CodecKeys keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmPayloadCodec(CodecKeys keys) {
    this.keys = keys;
  }

  /** Encrypts each payload with the encrypting key; returns them unchanged when there is none. */
  @Override
  public List<Payload> encode(List<Payload> payloads) {
    String keyId = keys.encryptKeyId().orElse(null);
    if (keyId == null) {
      return payloads;
    }
    SecretKey key = keys.key(keyId).orElseThrow();
    List<Payload> encoded = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      encoded.add(encrypt(payload, keyId, key));
    }
    return encoded;
  }

  /** Decrypts each encrypted payload; passes any other through unchanged. */
  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> decoded = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      decoded.add(isEncrypted(payload) ? decrypt(payload) : payload);
    }
    return decoded;
  }

  /** Whether the payload carries this codec's encoding. */
  public static boolean isEncrypted(Payload payload) {
    return ENCODING_BYTES.equals(payload.getMetadataMap().get(METADATA_ENCODING));
  }

  private Payload encrypt(Payload payload, String keyId, SecretKey key) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(payload.toByteArray());
      ByteBuffer data = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return Payload.newBuilder()
          .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(keyId))
          .setData(ByteString.copyFrom(data.array()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("AES-GCM encryption with key '" + keyId + "' failed", e);
    }
  }

  private Payload decrypt(Payload payload) {
    ByteString idBytes = payload.getMetadataMap().get(KEY_ID);
    if (idBytes == null) {
      throw new PayloadCodecException("an encrypted payload has no " + KEY_ID + " metadata");
    }
    String keyId = idBytes.toStringUtf8();
    SecretKey key =
        keys.key(keyId)
            .orElseThrow(
                () ->
                    new PayloadCodecException(
                        "a payload is encrypted with key '"
                            + keyId
                            + "', which this process does not have (it has "
                            + keys.ids()
                            + "); add it to "
                            + CodecKeys.KEYS));
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("an encrypted payload is too short to hold nonce and tag");
    }
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Payload.parseFrom(plain);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "a payload encrypted with key '"
              + keyId
              + "' does not authenticate: a different key under that id, or altered bytes",
          e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("a decrypted payload is not a Temporal payload", e);
    }
  }
}
