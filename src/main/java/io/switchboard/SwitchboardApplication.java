package io.switchboard;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;

@OpenAPIDefinition(
        info =
                @Info(
                        title = "Switchboard API",
                        version = "1.0.0",
                        description = """
                        Unified social inbox and scheduling. JSON, camelCase, ISO-8601 UTC instants, opaque string ids. \
                        Lists take `limit` and `cursor` and return `{items, nextCursor}`. Errors are RFC 9457 \
                        `application/problem+json`.""",
                        license = @License(name = "Proprietary", identifier = "LicenseRef-Switchboard-Proprietary")))
public class SwitchboardApplication extends Application {}
