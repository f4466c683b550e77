"""`viewerCan`: what the viewer may do (server/auth/capabilities.py), for showing only what will work."""
import strawberry

from server.auth.capabilities import Capabilities


@strawberry.type(
    description="What the viewer may do somewhere, for showing only the screens and buttons that will work and "
    "landing each kind of user on their own home (every action is checked again). All false when not signed in."
)
class ViewerCan:
    can: strawberry.Private[Capabilities]

    @strawberry.field(description="Export the case ledger (台账) of the cases they may see.")
    def export_cases(self) -> bool:
        return self.can.export_cases

    @strawberry.field(description="Handle petition cases: 我的待办 and the case list (the officers' home).")
    def handle_cases(self) -> bool:
        return self.can.handle_cases

    @strawberry.field(description="Register a case (登记).")
    def register_cases(self) -> bool:
        return self.can.register_cases

    @strawberry.field(description="Read dispute screening (矛盾纠纷排查): reports, meetings, disputes.")
    def read_screening(self) -> bool:
        return self.can.read_screening

    @strawberry.field(description="Read the annual “三无” review (联评).")
    def read_evaluation(self) -> bool:
        return self.can.read_evaluation

    @strawberry.field(description="Fill a township's or village's self-assessment (自评).")
    def self_assess(self) -> bool:
        return self.can.self_assess

    @strawberry.field(description="Score units as an invited public rater (群众评议): the rater's home.")
    def rate_units(self) -> bool:
        return self.can.rate_units

    @strawberry.field(description="Score units as the county's assessor (组织考评): the assessor's home.")
    def assess_units(self) -> bool:
        return self.can.assess_units

    @strawberry.field(description="Read declarations (申报) of the “三无” title.")
    def read_declarations(self) -> bool:
        return self.can.read_declarations

    @strawberry.field(description="Review declarations as the city or the province: the reviewers' home.")
    def review_declarations(self) -> bool:
        return self.can.review_declarations

    @strawberry.field(description="Administer: accounts, settings, the unit tree, holidays or the policy.")
    def administer(self) -> bool:
        return self.can.administer

    @strawberry.field(description="Manage county tenants (the platform operator's home).")
    def manage_tenants(self) -> bool:
        return self.can.manage_tenants
