# Varnish in front of the API: anonymous public API responses are cached and
# purged exactly, by cache tag, when what they show changes.
#
#   varnishd -F -a :6081 -f /app/config/varnish.vcl -s malloc,256m \
#     -p http_resp_hdr_len=65536 -p http_resp_size=131072 -p workspace_backend=256k
#
# (A listing of 100 full pages carries a few hundred tags in its `xkey`
# header: larger than Varnish's default 8 KiB header line.)
#
# The app labels every cacheable response with its dependency keys (`xkey`,
# also `Surrogate-Key` and `Cache-Tag` for other CDNs); the task worker
# sends `PURGE /` with `xkey: <tags>` after each change commits
# (CDN_PURGE_BACKEND=varnish, CDN_PURGE_URLS=http://varnish:6081/).
# Edit the backend address and the `purgers` ACL for the deployment: only
# the app's (task worker's) addresses may purge.
vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purges are accepted from the app only"));
        }
        if (!req.http.xkey) {
            return (synth(400, "PURGE needs an xkey header (space-separated tags)"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Only the public content API; the admin, accounts and the rest go through.
    if (req.url !~ "^/api/v1/") {
        return (pass);
    }
    # Anything for a person or a partner: a session (cookie or app token),
    # credentials of any kind (partner keys are `Authorization: Api-Key`).
    if (req.http.Cookie || req.http.Authorization || req.http.X-Session-Token
        || req.http.X-Api-Key) {
        return (pass);
    }
    # One entry per query, whatever the order of its parameters (as the
    # app's own response cache keys them).
    set req.url = std.querysort(req.url);
    return (hash);
}

sub vcl_backend_response {
    # Only what the app marked public and tagged is kept: anything private,
    # personal or untagged is fetched every time (hit-for-miss).
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || !beresp.http.xkey
        || beresp.status >= 500) {
        set beresp.ttl = 30s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The TTL is the app's max-age; purges make changes visible at once.
    # A short grace only: keys bumped without a log row (a search index
    # update) are then at most max-age + grace old.
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Tags are for caches, not clients.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain";
        if (req.http.X-Purged) {
            set resp.http.X-Purged = req.http.X-Purged;
        }
        set resp.body = resp.reason + {"
"};
        return (deliver);
    }
}
