package dev.oncelane.activities.hubspot;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HubSpot's contacts API (v3), one HTTP call per method and no retries: Temporal owns retries, so
 * the client neither retries nor silently repeats a request on a failed connection.
 *
 * <p>A non-2xx answer throws {@link HubSpotApiException} with the parsed envelope and rate-limit
 * headers, except 404 on a read, which is an empty result. No usable answer throws {@link
 * HubSpotTransportException}. Thread-safe; share one per process and {@link #close()} it on
 * shutdown.
 */
public final class HubSpotClient implements AutoCloseable {

  /** Operation names, as exceptions and the {@link CrmCallListener} report them. */
  public static final String FIND_BY_EMAIL = "findContactByEmail";

  public static final String FIND_BY_ID = "findContactById";
  public static final String CREATE = "createContact";
  public static final String UPDATE = "updateContact";
  public static final String LIST_PROPERTIES = "listContactProperties";
  public static final String BATCH_READ = "batchReadContacts";
  public static final String BATCH_CREATE = "batchCreateContacts";
  public static final String BATCH_UPDATE = "batchUpdateContacts";

  /** HubSpot's most inputs per batch call. */
  public static final int MAX_BATCH_INPUTS = 100;

  /** The properties a read returns when it names none: HubSpot's defaults for contacts. */
  public static final List<String> DEFAULT_READ_PROPERTIES =
      List.of("email", "firstname", "lastname", "hs_object_id", "createdate", "lastmodifieddate");

  private static final Logger log = LoggerFactory.getLogger(HubSpotClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final String CONTACTS_PATH = "crm/v3/objects/contacts";
  private static final String PROPERTIES_PATH = "crm/v3/properties/contacts";

  private final ObjectMapper mapper = new ObjectMapper();

  /** How long an idle pooled connection is kept (below common servers' 30 s idle timeout). */
  static final Duration POOLED_CONNECTION_IDLE = Duration.ofSeconds(20);

  private final OkHttpClient http;
  private final HttpUrl contactsUrl;
  private final HttpUrl propertiesUrl;
  private final String authorization;
  private final CrmCallListener listener;

  public HubSpotClient(HubSpotConfig config) {
    this(config, CrmCallListener.NONE);
  }

  public HubSpotClient(HubSpotConfig config, CrmCallListener listener) {
    Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.contactsUrl =
        HttpUrl.get(config.baseUrl()).newBuilder().addPathSegments(CONTACTS_PATH).build();
    this.propertiesUrl =
        HttpUrl.get(config.baseUrl()).newBuilder().addPathSegments(PROPERTIES_PATH).build();
    this.authorization = "Bearer " + config.token();
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.writeTimeout())
            .callTimeout(config.callTimeout())
            .retryOnConnectionFailure(false)
            // Servers close idle keep-alive connections (Jetty, the sandbox's server, after 30 s);
            // reusing one fails the call ("unexpected end of stream") and, with no transparent
            // retry, costs an activity retry. Keep pooled connections for less than that.
            .connectionPool(new ConnectionPool(5, POOLED_CONNECTION_IDLE.toSeconds(), SECONDS))
            .followRedirects(false)
            .build();
  }

  /**
   * Reads a contact by email ({@code GET /crm/v3/objects/contacts/{email}?idProperty=email}), which
   * HubSpot answers from the record store, not the lagging search index.
   *
   * @return the contact, or empty when HubSpot has none with this email
   */
  public Optional<HubSpotContact> findContactByEmail(String email) {
    HttpUrl url =
        contactsUrl
            .newBuilder()
            .addEncodedPathSegment(pathSegment(email, "email"))
            .addQueryParameter("idProperty", "email")
            .build();
    return find(FIND_BY_EMAIL, url);
  }

  /**
   * Reads a contact by its (numeric) id.
   *
   * @return the contact, or empty when HubSpot has none with this id
   */
  public Optional<HubSpotContact> findContactById(String id) {
    HttpUrl url = contactsUrl.newBuilder().addEncodedPathSegment(recordId(id)).build();
    return find(FIND_BY_ID, url);
  }

  /** Creates a contact ({@code POST /crm/v3/objects/contacts}). */
  public HubSpotContact createContact(Map<String, String> properties) {
    Request request =
        request(contactsUrl).post(RequestBody.create(propertiesBody(properties), JSON)).build();
    return execute(CREATE, request, false).orElseThrow();
  }

  /** Updates a contact's properties by id ({@code PATCH /crm/v3/objects/contacts/{id}}). */
  public HubSpotContact updateContact(String id, Map<String, String> properties) {
    HttpUrl url = contactsUrl.newBuilder().addEncodedPathSegment(recordId(id)).build();
    Request request =
        request(url).patch(RequestBody.create(propertiesBody(properties), JSON)).build();
    return execute(UPDATE, request, false).orElseThrow();
  }

  /**
   * Lists the portal's contact properties ({@code GET /crm/v3/properties/contacts}, answered {@code
   * {"results":[{"name", "calculated", "hidden", "modificationMetadata":{"readOnlyValue"}, …}]}}
   * without paging).
   *
   * @throws HubSpotApiException on a non-2xx answer; {@link HubSpotTransportException} without one
   */
  public List<HubSpotProperty> listContactProperties() {
    return execute(
            LIST_PROPERTIES,
            request(propertiesUrl).get().build(),
            false,
            (status, text) -> parseProperties(status, text))
        .orElseThrow();
  }

  /**
   * Reads contacts by email in one call ({@code POST /crm/v3/objects/contacts/batch/read} with
   * {@code "idProperty":"email"}): each found contact is a result carrying its {@code email}
   * property; a missing one is an {@code OBJECT_NOT_FOUND} error naming it in {@code context.ids}.
   *
   * @param emails 1 to {@value #MAX_BATCH_INPUTS} distinct emails
   * @throws HubSpotApiException when the batch as a whole is refused (non-2xx); {@link
   *     HubSpotTransportException} without a usable answer
   */
  public HubSpotBatchAnswer batchReadByEmail(List<String> emails) {
    requireBatchSize(emails.size());
    List<Map<String, String>> inputs = new ArrayList<>();
    for (String email : emails) {
      requireEmail(email);
      inputs.add(Map.of("id", email.trim()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("idProperty", "email");
    body.put("properties", DEFAULT_READ_PROPERTIES);
    body.put("inputs", inputs);
    return batch(BATCH_READ, "read", body);
  }

  /**
   * Creates contacts in one call ({@code POST /crm/v3/objects/contacts/batch/create}).
   *
   * @param inputs 1 to {@value #MAX_BATCH_INPUTS} inputs without id, each with a trace id
   * @throws HubSpotApiException when the batch as a whole is refused (e.g. a 409 or 400 for one
   *     row); {@link HubSpotTransportException} without a usable answer (whether any row was
   *     created is then unknown)
   */
  public HubSpotBatchAnswer batchCreate(List<HubSpotBatchInput> inputs) {
    return batch(BATCH_CREATE, "create", Map.of("inputs", writeInputs(inputs, false)));
  }

  /**
   * Updates contacts by id in one call ({@code POST /crm/v3/objects/contacts/batch/update}).
   *
   * @param inputs 1 to {@value #MAX_BATCH_INPUTS} inputs with distinct numeric ids
   * @throws HubSpotApiException when the batch as a whole is refused; {@link
   *     HubSpotTransportException} without a usable answer
   */
  public HubSpotBatchAnswer batchUpdate(List<HubSpotBatchInput> inputs) {
    return batch(BATCH_UPDATE, "update", Map.of("inputs", writeInputs(inputs, true)));
  }

  /**
   * Checks an email as {@link #findContactByEmail} would before any request.
   *
   * @throws IllegalArgumentException when it is null or blank
   */
  public static void requireEmail(String email) {
    pathSegment(email, "email");
  }

  /**
   * Checks a record id as {@link #updateContact} would before any request.
   *
   * @throws IllegalArgumentException when it is not numeric
   */
  public static void requireRecordId(String id) {
    recordId(id);
  }

  /**
   * Checks a write's properties as {@link #createContact} would before any request.
   *
   * @throws IllegalArgumentException when there are none, or one has no name or value
   */
  public static void requireProperties(Map<String, String> properties) {
    checkProperties(properties);
  }

  private List<Map<String, Object>> writeInputs(List<HubSpotBatchInput> inputs, boolean withId) {
    requireBatchSize(inputs.size());
    List<Map<String, Object>> list = new ArrayList<>();
    for (HubSpotBatchInput input : inputs) {
      checkProperties(input.properties());
      Map<String, Object> entry = new LinkedHashMap<>();
      if (withId) {
        entry.put("id", recordId(input.id()));
      }
      entry.put("properties", input.properties());
      if (input.objectWriteTraceId() != null) {
        entry.put("objectWriteTraceId", input.objectWriteTraceId());
      }
      list.add(entry);
    }
    return list;
  }

  private HubSpotBatchAnswer batch(String operation, String path, Object body) {
    HttpUrl url = contactsUrl.newBuilder().addPathSegment("batch").addPathSegment(path).build();
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a batch body as JSON", e);
    }
    Request request = request(url).post(RequestBody.create(json, JSON)).build();
    return execute(operation, request, false, (status, text) -> parseBatch(operation, status, text))
        .orElseThrow();
  }

  private HubSpotBatchAnswer parseBatch(String operation, int status, String body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      root = null;
    }
    if (root == null || !root.path("results").isArray()) {
      throw new HubSpotTransportException(
          operation, "HTTP " + status + " without a results array in its body", null);
    }
    List<HubSpotBatchAnswer.Result> results = new ArrayList<>();
    for (JsonNode record : root.path("results")) {
      HubSpotContact contact = contact(record);
      if (contact != null) {
        results.add(
            new HubSpotBatchAnswer.Result(contact, scalar(record.get("objectWriteTraceId"))));
      }
    }
    List<HubSpotError> errors = new ArrayList<>();
    for (JsonNode error : root.path("errors")) {
      errors.add(HubSpotErrorParser.parse(error.toString()));
    }
    return new HubSpotBatchAnswer(status, results, errors);
  }

  private static void requireBatchSize(int size) {
    if (size < 1 || size > MAX_BATCH_INPUTS) {
      throw new IllegalArgumentException(
          "a batch holds 1 to " + MAX_BATCH_INPUTS + " inputs, got " + size);
    }
  }

  /** Releases the connection pool and dispatcher threads. */
  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Optional<HubSpotContact> find(String operation, HttpUrl url) {
    return execute(operation, request(url).get().build(), true);
  }

  private Request.Builder request(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("User-Agent", "oncelane");
  }

  private Optional<HubSpotContact> execute(
      String operation, Request request, boolean notFoundIsEmpty) {
    return execute(
        operation,
        request,
        notFoundIsEmpty,
        (status, text) -> parseContact(operation, status, text));
  }

  private <T> Optional<T> execute(
      String operation,
      Request request,
      boolean notFoundIsEmpty,
      BiFunction<Integer, String, T> parser) {
    long started = System.nanoTime();
    int status = CrmCallListener.NO_ANSWER;
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      status = response.code();
      if (response.isSuccessful()) {
        return Optional.of(parser.apply(status, text));
      }
      if (status == 404 && notFoundIsEmpty) {
        return Optional.empty();
      }
      throw new HubSpotApiException(
          operation,
          status,
          HubSpotErrorParser.parse(text),
          RateLimitHeaders.from(response.headers(), Instant.now()));
    } catch (IOException e) {
      throw new HubSpotTransportException(
          operation, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } finally {
      report(operation, status, System.nanoTime() - started);
    }
  }

  private HubSpotContact parseContact(String operation, int status, String body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      root = null;
    }
    HubSpotContact contact = root == null ? null : contact(root);
    if (contact == null) {
      throw new HubSpotTransportException(
          operation, "HTTP " + status + " without a contact record in its body", null);
    }
    return contact;
  }

  /** A record node as a contact; null when it has no id. */
  private static HubSpotContact contact(JsonNode root) {
    String id = scalar(root.get("id"));
    if (id == null) {
      return null;
    }
    Map<String, String> properties = new LinkedHashMap<>();
    root.path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              String value = scalar(p.getValue());
              if (value != null) {
                properties.put(p.getKey(), value);
              }
            });
    return new HubSpotContact(
        id,
        properties,
        scalar(root.get("createdAt")),
        scalar(root.get("updatedAt")),
        root.path("archived").asBoolean(false));
  }

  private List<HubSpotProperty> parseProperties(int status, String body) {
    JsonNode results;
    try {
      results = mapper.readTree(body).get("results");
    } catch (JsonProcessingException e) {
      results = null;
    }
    if (results == null || !results.isArray()) {
      throw new HubSpotTransportException(
          LIST_PROPERTIES, "HTTP " + status + " without a results array in its body", null);
    }
    List<HubSpotProperty> properties = new ArrayList<>();
    for (JsonNode p : results) {
      String name = scalar(p.get("name"));
      if (name != null) {
        properties.add(
            new HubSpotProperty(
                name,
                p.path("modificationMetadata").path("readOnlyValue").asBoolean(false),
                p.path("calculated").asBoolean(false),
                p.path("hidden").asBoolean(false)));
      }
    }
    return properties;
  }

  private byte[] propertiesBody(Map<String, String> properties) {
    checkProperties(properties);
    try {
      return mapper.writeValueAsBytes(Map.of("properties", properties));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write contact properties as JSON", e);
    }
  }

  private static void checkProperties(Map<String, String> properties) {
    if (properties == null || properties.isEmpty()) {
      throw new IllegalArgumentException("a contact write needs at least one property");
    }
    for (Map.Entry<String, String> p : properties.entrySet()) {
      if (p.getKey() == null || p.getKey().isBlank() || p.getValue() == null) {
        throw new IllegalArgumentException(
            "contact properties need a name and a value (\"\" clears one), got " + p.getKey());
      }
    }
  }

  private void report(String operation, int status, long nanos) {
    try {
      listener.onCall(operation, status, nanos);
    } catch (RuntimeException e) {
      // Metrics must never turn a CRM answer into a failure.
      log.warn("CRM call listener failed for {} {}", operation, status, e);
    }
  }

  private static String scalar(JsonNode node) {
    return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
  }

  /** HubSpot record ids are numeric; anything else is refused before a request is made. */
  private static String recordId(String id) {
    if (id == null || !id.trim().matches("[0-9]+")) {
      throw new IllegalArgumentException("a HubSpot record id is numeric, got '" + id + "'");
    }
    return id.trim();
  }

  /**
   * Percent-encodes a value as one path segment (as {@code encodeURIComponent} does, so {@code @}
   * and {@code +} reach HubSpot unambiguously).
   */
  private static String pathSegment(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    String encoded = URLEncoder.encode(value.trim(), StandardCharsets.UTF_8).replace("+", "%20");
    // "." and ".." would be resolved as relative path steps, never sent as a value.
    return encoded.equals(".") || encoded.equals("..") ? encoded.replace(".", "%2E") : encoded;
  }
}
