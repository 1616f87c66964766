# Fluent Bit with syssentry: the official Fluent Bit image plus libsyssentry.so and rules.
#   docker build -t syssentry-fluent-bit .
#   docker run --rm --privileged --pid=host -v /proc:/host/proc:ro -v /etc:/host/etc:ro \
#     syssentry-fluent-bit -c /fluent-bit/etc/syssentry-stdout.conf
# The image's entrypoint loads the plugin (-e), so any config (FireLens' generated one included)
# can use an [INPUT] Name syssentry section.

ARG FLUENT_BIT_VERSION=5.1.1

FROM rust:1.95-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang libbpf-dev libclang-dev linux-libc-dev protobuf-compiler \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p syssentry-flb-plugin \
 && mkdir -p /out/rules \
 && cp target/release/libsyssentry.so /out/ \
 && if [ -d rules ]; then cp rules/*.yaml /out/rules/; fi

FROM fluent/fluent-bit:${FLUENT_BIT_VERSION}
# Falco's stable rules, unchanged, at a released tag (the ruleset syssentry is tested against);
# syssentry's own rules/ (when present) are added beside them.
ARG FALCO_RULES_REF=falco-rules-5.1.0
ADD https://raw.githubusercontent.com/falcosecurity/rules/${FALCO_RULES_REF}/rules/falco_rules.yaml /etc/syssentry/rules.d/falco_rules.yaml
COPY --from=build /out/rules/ /etc/syssentry/rules.d/
COPY --from=build /out/libsyssentry.so /fluent-bit/plugins/libsyssentry.so
COPY ecs/syssentry.conf /fluent-bit/etc/syssentry.conf
COPY k8s/syssentry-stdout.conf /fluent-bit/etc/syssentry-stdout.conf
ENTRYPOINT ["/fluent-bit/bin/fluent-bit", "-e", "/fluent-bit/plugins/libsyssentry.so"]
CMD ["-c", "/fluent-bit/etc/fluent-bit.conf"]
