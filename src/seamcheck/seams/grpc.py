"""gRPC seams, keyed by `package.Service/Method` from the .proto files.

Servers: Python servicers (`class X(pb2_grpc.FooServicer)`), Node `server.addService(
proto.pkg.Foo.service, impl)`. Clients: Python stubs (`FooStub(channel).Bar(...)`) and Node
clients (`new proto.pkg.Foo(addr, creds)` or `new FooClient(addr, creds)`, then `client.bar()`,
camelCase for the PascalCase rpc). The channel's address gives the target host.
"""

from __future__ import annotations

import re

from seamcheck.facts import Arg, Call, Definition, call_within
from seamcheck.project import Project
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution
from seamcheck.seams.clients import Draft
from seamcheck.seams.model import GRPC, Route, Where
from seamcheck.seams.values import Located, Part, Template, Values

_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.MULTILINE)
_SERVICE = re.compile(r"\bservice\s+(\w+)\s*\{")
_RPC = re.compile(r"\brpc\s+(\w+)\s*\(")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_CHANNELS = ("insecure_channel", "secure_channel")


@dataclass(frozen=True, slots=True)
class ProtoService:
    package: str
    name: str
    methods: tuple[str, ...]
    file: str

    def path(self, method: str) -> str:
        full = f"{self.package}.{self.name}" if self.package else self.name
        return f"/{full}/{method}"


def read_protos(project: Project) -> dict[str, ProtoService]:
    """Service name -> its definition, from every .proto file in the repository."""
    services: dict[str, ProtoService] = {}
    for rel in project.config_files:
        if not rel.endswith(".proto"):
            continue
        try:
            text = _COMMENT.sub("", (project.root / rel).read_text("utf-8", "replace"))
        except OSError:
            continue
        package_match = _PACKAGE.search(text)
        package = package_match.group(1) if package_match else ""
        for match in _SERVICE.finditer(text):
            depth, index = 1, match.end()
            while index < len(text) and depth:
                depth += {"{": 1, "}": -1}.get(text[index], 0)
                index += 1
            methods = tuple(_RPC.findall(text[match.end() : index]))
            services.setdefault(match.group(1), ProtoService(package, match.group(1), methods, rel))
    return services


def _service_named(
    name: str, protos: dict[str, ProtoService], *suffixes: str
) -> ProtoService | None:
    last = name.rsplit(".", 1)[-1].removesuffix("()")
    for suffix in ("", *suffixes):
        if suffix and not last.endswith(suffix):
            continue
        candidate = last[: len(last) - len(suffix)] if suffix else last
        if candidate in protos:
            return protos[candidate]
    return None


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


class GrpcFinder:
    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        self.protos = read_protos(project)
        self.resolution = resolution
        self.values = values

    def routes(self) -> list[Route]:
        if not self.protos:
            return []
        routes: list[Route] = []
        for path, facts in sorted(self.resolution.facts.items()):
            service = self.values.service_of.get(path, "")
            defined = {d.qualname: d for d in facts.definitions}
            for definition in facts.definitions:
                for proto in self._servicer_of(definition.qualname, defined):
                    for method in proto.methods:
                        handler = defined.get(f"{definition.qualname}.{method}")
                        if handler is None:
                            continue
                        where = Where(path, handler.span.line, handler.span.column)
                        routes.append(
                            Route(service, GRPC, proto.path(method), "grpc", where,
                                  f"{path}::{handler.qualname}")
                        )  # fmt: skip
            for call in facts.calls:
                if call.callee.endswith(".addService") and len(call.args) >= 2:
                    routes.extend(self._node_service(path, service, call))
        return routes

    def _servicer_of(self, qualname: str, defined: dict[str, Definition]) -> list[ProtoService]:
        """The proto services a class implements: a `FooServicer` base, directly or through
        base classes defined in the same file (`class Impl(BaseImpl)`)."""
        found: list[ProtoService] = []
        seen: set[str] = set()
        pending = [qualname]
        while pending:
            current = pending.pop()
            definition = defined.get(current)
            if definition is None or current in seen:
                continue
            seen.add(current)
            for base in definition.bases:
                proto = _service_named(base, self.protos, "Servicer")
                if proto is not None:
                    found.append(proto)
                elif base in defined:
                    pending.append(base)
        return found

    def _node_service(self, path: str, service: str, call: Call) -> list[Route]:
        definition = call.args[0]
        if definition.kind != "name":
            return []
        proto = _service_named(definition.value.removesuffix(".service"), self.protos, "Service")
        if proto is None:
            return []
        impl = call.args[1]
        handlers = {i.keyword: i for i in impl.items} if impl.kind == "object" else {}
        routes = []
        for method in proto.methods:
            item = handlers.get(method[:1].lower() + method[1:]) or handlers.get(method)
            handler = ""
            if item is not None and item.kind == "func":
                handler = f"{path}::{item.value}"
            where = Where(path, call.span.line, call.span.column)
            routes.append(Route(service, GRPC, proto.path(method), "grpc", where, handler))
        return routes

    def clients(self) -> list[Draft]:
        if not self.protos:
            return []
        # Only receivers named like a binding that holds a stub or client are looked up.
        stub_names = {
            b.target.rsplit(".", 1)[-1]
            for facts in self.resolution.facts.values()
            for b in facts.bindings
            if b.kind in ("call", "new") and _service_named(b.value, self.protos, "Stub", "Client")
        }
        drafts: list[Draft] = []
        for path, facts in sorted(self.resolution.facts.items()):
            for call in facts.calls:
                receiver, _, method = call.callee.rpartition(".")
                if not receiver or not method[:1].isalpha():
                    continue
                last = receiver.rsplit(".", 1)[-1]
                if last not in stub_names and not last.endswith(("Stub()", "Client()")):
                    continue
                draft = self._client_call(path, call, receiver, method)
                if draft is not None:
                    drafts.append(draft)
        return drafts

    def _client_call(self, path: str, call: Call, receiver: str, method: str) -> Draft | None:
        if receiver.endswith("()"):
            # `FooStub(channel).Bar(req)` in one expression.
            creator_callee = receiver.removesuffix("()")
            proto = _service_named(creator_callee, self.protos, "Stub", "Client")
            located = None
            creator = next(
                (c for c in self.values.symbols[path].facts.calls
                 if c.callee == creator_callee and c.span.line == call.span.line),
                None,
            )  # fmt: skip
        else:
            located = self.values.locate(path, call.scope, receiver)
            if located is None or located.binding.kind not in ("call", "new"):
                return None
            proto = _service_named(located.binding.value, self.protos, "Stub", "Client")
            creator = self.values.creator(located)
        if proto is None or creator is None:
            return None
        rpc = _pascal(method)
        if rpc not in proto.methods:
            return None
        address = self._address(path if located is None else located.path, creator, located)
        return Draft(
            where=Where(path, call.span.line, call.span.column),
            service=self.values.service_of.get(path, ""),
            caller=f"{path}::{call.scope}",
            client="grpc",
            method=GRPC,
            url=(Part("grpc://"), *address, Part(proto.path(rpc))),
        )

    def _address(self, path: str, creator: Call, located: Located | None) -> Template:
        """Node: the client's first argument. Python: the channel's target."""
        scope = located.binding.scope if located is not None else creator.scope
        first = creator.args[0] if creator.args else None
        if first is None:
            return (Part("address", True, "the stub is made without a channel"),)
        if path.endswith(".py") and first.kind == "other":
            # The channel made inline: FooStub(grpc.insecure_channel("ranker:50051")).
            calls = self.values.symbols[path].facts.calls
            inline = next(
                (c for c in calls
                 if c.callee.endswith(_CHANNELS) and call_within(c, creator) and c.args),
                None,
            )  # fmt: skip
            if inline is not None:
                return self._host(path, inline.scope, inline.args[0])
        if path.endswith(".py") and first.kind == "name":
            channel = self.values.locate(path, scope, first.value)
            if channel is not None and channel.binding.value.endswith(_CHANNELS):
                made = self.values.creator(channel)
                if made is not None and made.args:
                    return self._host(channel.path, channel.binding.scope, made.args[0])
            return (Part("address", True, f"channel '{first.value}' is not a literal channel"),)
        return self._host(path, scope, first)

    def _host(self, path: str, scope: str, arg: Arg) -> Template:
        template = self.values.of_arg(path, scope, arg)
        if template is None:
            return (Part("address", True, "address computed at run time"),)
        return template
