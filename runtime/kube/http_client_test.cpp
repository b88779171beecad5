// HttpClient against a local plain-HTTP server: retries, Retry-After, deadlines,
// cancellation, streaming and credentials. The real apiserver (TLS, HTTP/2) is
// exercised by the runtime's envtest-based tests.
#include "runtime/kube/http_client.h"

#include <doctest/doctest.h>

#include <thread>

#include "base/test_temp_dir.h"
#include "runtime/kube/test_http_server.h"

namespace dsc::kube {
namespace {

using std::chrono::milliseconds;
using testing::Reply;
using testing::TestHttpServer;
using testing::TestReply;
using testing::TestRequest;

RestConfig ConfigFor(const std::string& server) {
  RestConfig config;
  config.server = server;
  config.source = "test";
  return config;
}

// Short backoffs keep the tests fast; the policy itself is tested in retry_policy_test.
HttpClientOptions FastOptions() {
  HttpClientOptions options;
  options.initial_backoff = milliseconds(5);
  options.max_backoff = milliseconds(20);
  options.max_attempts = 4;
  options.default_timeout = milliseconds(2000);
  return options;
}

milliseconds Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
}

TEST_CASE("HttpClient: 503 with Retry-After is retried, on one kept-alive connection") {
  std::atomic<int> calls{0};
  TestRequest seen;
  TestHttpServer server([&](const TestRequest& request) {
    seen = request;
    if (++calls <= 2) return Reply(503, "{}", "Retry-After: 0\r\n");
    return Reply(200, R"({"ok":true})");
  });
  RestConfig config = ConfigFor(server.url());
  config.token = "secret-token";
  int sent = 0;
  HttpClientOptions options = FastOptions();
  options.user_agent = "dsc-test";
  options.on_sent = [&](const HttpRequest&, long) { ++sent; };
  HttpClient client(config, options);
  HttpResponse response = client.Send({"GET", "/version"});
  CHECK(response.ok());
  CHECK(response.status == 200);
  CHECK(response.attempts == 3);
  CHECK(response.body == R"({"ok":true})");
  CHECK(response.headers["content-type"] == "application/json");
  CHECK(sent == 3);
  CHECK(server.connections() == 1);
  CHECK(seen.path == "/version");
  CHECK(seen.headers["authorization"] == "Bearer secret-token");
  CHECK(seen.headers["accept"] == "application/json");
  CHECK(seen.headers["user-agent"] == "dsc-test");
}

TEST_CASE("HttpClient: threads share the client; connections are pooled") {
  TestHttpServer server([](const TestRequest& request) { return Reply(200, request.path); });
  HttpClient client(ConfigFor(server.url()), FastOptions());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string path = "/" + std::to_string(t) + "/" + std::to_string(i);
        HttpResponse response = client.Send({"GET", path});
        if (response.ok() && response.body == path) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(ok == 40);
  CHECK(server.connections() <= 4);
}

TEST_CASE("HttpClient: retry=false, 4xx and max_attempts bound the attempts") {
  TestHttpServer server([](const TestRequest& request) {
    return Reply(request.path == "/missing" ? 404 : 429, "{}", "Retry-After: 0\r\n");
  });
  HttpClient client(ConfigFor(server.url()), FastOptions());
  HttpRequest once{"GET", "/busy"};
  once.retry = false;
  CHECK(client.Send(once).attempts == 1);
  HttpResponse missing = client.Send({"GET", "/missing"});
  CHECK(missing.status == 404);
  CHECK(missing.attempts == 1);
  HttpResponse busy = client.Send({"GET", "/busy"});
  CHECK(busy.status == 429);
  CHECK(busy.attempts == 4);
  CHECK(busy.transport_error == TransportError::kNone);
}

TEST_CASE("HttpClient: a long Retry-After is capped by max_backoff * 4") {
  std::atomic<int> calls{0};
  TestHttpServer server([&](const TestRequest&) {
    return ++calls == 1 ? Reply(503, "{}", "Retry-After: 30\r\n") : Reply(200, "{}");
  });
  auto start = std::chrono::steady_clock::now();
  HttpClient client(ConfigFor(server.url()), FastOptions());
  CHECK(client.Send({"GET", "/"}).status == 200);
  CHECK(Since(start) < milliseconds(1000));
}

TEST_CASE("HttpClient: POST sends the body and its content type") {
  TestRequest seen;
  TestHttpServer server([&](const TestRequest& request) {
    seen = request;
    return Reply(201, "{}");
  });
  HttpClient client(ConfigFor(server.url()), FastOptions());
  HttpResponse response =
      client.Send({"PATCH", "/apis/x", R"({"a":1})", "application/apply-patch+yaml"});
  CHECK(response.status == 201);
  CHECK(seen.method == "PATCH");
  CHECK(seen.body == R"({"a":1})");
  CHECK(seen.headers["content-type"] == "application/apply-patch+yaml");
}

TEST_CASE("HttpClient: a server that never answers gives kTimeout at the deadline") {
  TestHttpServer server([](const TestRequest&) { return TestReply{"", true}; });
  HttpClient client(ConfigFor(server.url()), FastOptions());
  HttpRequest request{"GET", "/hang"};
  request.timeout = milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  HttpResponse response = client.Send(request);
  CHECK(response.transport_error == TransportError::kTimeout);
  CHECK(response.status == 0);
  CHECK(response.error_message.find("timed out") != std::string::npos);
  CHECK(Since(start) >= milliseconds(290));
  CHECK(Since(start) < milliseconds(1000));
}

TEST_CASE("HttpClient: connection refused is kConnect after retries") {
  std::string server = "http://127.0.0.1:" + std::to_string(TestHttpServer::ClosedPort());
  int sent = 0;
  HttpClientOptions options = FastOptions();
  options.on_sent = [&](const HttpRequest&, long) { ++sent; };
  HttpClient client(ConfigFor(server), options);
  HttpResponse response = client.Send({"GET", "/"});
  CHECK(response.transport_error == TransportError::kConnect);
  CHECK(response.attempts == 4);
  CHECK(sent == 0);
  CHECK(response.error_message.find("cannot reach " + server) == 0);
  CHECK(response.error_message.find("(4 attempts)") != std::string::npos);
}

TEST_CASE("HttpClient: raising cancel stops a request in flight and a wait between attempts") {
  TestHttpServer server([](const TestRequest& request) {
    if (request.path == "/busy") return Reply(503, "{}", "Retry-After: 5\r\n");
    return TestReply{"", true};
  });
  std::atomic<bool> cancel{false};
  HttpClientOptions options = FastOptions();
  options.cancel = &cancel;
  options.max_backoff = milliseconds(5000);
  HttpClient client(ConfigFor(server.url()), options);
  for (const char* path : {"/hang", "/busy"}) {
    cancel = false;
    std::thread raiser([&] {
      std::this_thread::sleep_for(milliseconds(100));
      cancel = true;
    });
    auto start = std::chrono::steady_clock::now();
    HttpRequest request{"GET", path};
    request.timeout = milliseconds(10000);
    HttpResponse response = client.Send(request);
    raiser.join();
    CHECK(response.transport_error == TransportError::kCancelled);
    CHECK(Since(start) < milliseconds(1500));
  }
  CHECK(client.Send({"GET", "/"}).transport_error == TransportError::kCancelled);
}

TEST_CASE("HttpClient: Stream delivers lines until the callback says stop") {
  TestHttpServer server([](const TestRequest& request) {
    if (request.path == "/denied") return Reply(403, R"({"kind":"Status","reason":"Forbidden"})");
    // No length: the body runs until the connection closes (or, held, forever).
    return TestReply{
        "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"n\":1}\n{\"n\":2}\r\n{\"n\":3}\n",
        request.path == "/hold"};
  });
  HttpClient client(ConfigFor(server.url()), FastOptions());
  std::vector<std::string> lines;
  HttpResponse all = client.Stream({"GET", "/close"}, [&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  });
  CHECK(all.status == 200);
  CHECK(all.transport_error == TransportError::kNone);
  CHECK(lines == std::vector<std::string>{R"({"n":1})", R"({"n":2})", R"({"n":3})"});
  lines.clear();
  HttpResponse stopped = client.Stream({"GET", "/hold"}, [&](std::string_view line) {
    lines.emplace_back(line);
    return lines.size() < 2;
  });
  CHECK(stopped.ok());
  CHECK(lines.size() == 2);
  HttpResponse denied = client.Stream({"GET", "/denied"}, [](std::string_view) { return true; });
  CHECK(denied.status == 403);
  CHECK(denied.body.find("Forbidden") != std::string::npos);
}

TEST_CASE("HttpClient: a token file is re-read after a 401") {
  base::testing::TempDir dir;
  std::string token_file = dir.Write("token", "old-token\n");
  TestHttpServer server([&](const TestRequest& request) {
    if (request.headers.at("authorization") == "Bearer new-token") return Reply(200, "{}");
    dir.Write("token", "new-token");
    return Reply(401, R"({"kind":"Status","code":401,"reason":"Unauthorized"})");
  });
  RestConfig config = ConfigFor(server.url());
  config.token_file = token_file;
  HttpClient client(config, FastOptions());
  HttpResponse response = client.Send({"GET", "/"});
  CHECK(response.status == 200);
  CHECK(response.attempts == 2);
}

TEST_CASE("HttpClient: a static token's 401 is final; basic auth; missing token file") {
  TestRequest seen;
  TestHttpServer server([&](const TestRequest& request) {
    seen = request;
    return Reply(401, "{}");
  });
  RestConfig with_token = ConfigFor(server.url());
  with_token.token = "t";
  CHECK(HttpClient(with_token, FastOptions()).Send({"GET", "/"}).attempts == 1);

  RestConfig basic = ConfigFor(server.url());
  basic.username = "admin";
  basic.password = "pw";
  HttpClient(basic, FastOptions()).Send({"GET", "/"});
  CHECK(seen.headers["authorization"] == "Basic YWRtaW46cHc=");

  RestConfig missing = ConfigFor(server.url());
  missing.token_file = "/nonexistent/dsc-token";
  HttpResponse response = HttpClient(missing, FastOptions()).Send({"GET", "/"});
  CHECK(response.transport_error == TransportError::kCredentials);
  CHECK(response.error_message.find("/nonexistent/dsc-token") != std::string::npos);
}

TEST_CASE("HttpClient: an exec plugin's token is sent") {
  base::testing::TempDir dir;
  std::string plugin = dir.Write("plugin.sh", R"(#!/bin/sh
echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}'
)",
                                 /*executable=*/true);
  TestRequest seen;
  TestHttpServer server([&](const TestRequest& request) {
    seen = request;
    return Reply(200, "{}");
  });
  RestConfig config = ConfigFor(server.url());
  config.exec = ExecConfig{std::string(kExecApiV1), plugin, {}, {}, "", false};
  HttpClient client(config, FastOptions());
  CHECK(client.Send({"GET", "/"}).ok());
  CHECK(seen.headers["authorization"] == "Bearer from-plugin");
}

}  // namespace
}  // namespace dsc::kube
