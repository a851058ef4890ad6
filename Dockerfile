# Console plugin image: build dist/ with Node, serve it with nginx (config comes from the Helm
# chart's ConfigMap, mounted at /etc/nginx/nginx.conf; TLS on 9443 with the serving cert).
# Build: podman build -t quay.io/<org>/kubevirt-lightspeed-plugin:<tag> -f Dockerfile .

FROM registry.access.redhat.com/ubi9/nodejs-22:latest AS build
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    CYPRESS_INSTALL_BINARY=0 \
    npm_config_fund=false \
    npm_config_audit=false
WORKDIR /opt/app-root/src
# Manifests first: the dependency layer is reused until the lock file changes.
COPY --chown=1001:0 package.json package-lock.json ./
COPY --chown=1001:0 mcp-server/package.json mcp-server/
RUN npm ci
COPY --chown=1001:0 . .
RUN npm run build

FROM registry.access.redhat.com/ubi9/nginx-124:latest
LABEL name="kubevirt-lightspeed-plugin" \
      summary="OpenShift console plugin: AI help for OpenShift Virtualization through OpenShift Lightspeed" \
      io.openshift.tags="openshift,console-plugin,kubevirt,lightspeed"
COPY --from=build /opt/app-root/src/dist /usr/share/nginx/html
USER 1001
EXPOSE 9443
ENTRYPOINT ["nginx", "-g", "daemon off;"]
