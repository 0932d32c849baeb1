"""Closed vocabularies of the domain, with their Vietnamese labels (domain.md, evaluation.md).

Labels that people read beside an evaluation (statuses, assessments, comparators, user roles) also
have an English form: ``label_in(language)`` gives the one for ``"vi"`` (the default) or ``"en"``.
"""

from enum import StrEnum

ENGLISH = "en"


def is_english(language: str | None) -> bool:
    """Whether ``language`` (a Django language code such as ``en`` or ``en-gb``) asks for English."""
    return bool(language) and str(language).lower().split("-")[0] == ENGLISH


class DocumentKind(StrEnum):
    """Kinds of policy document (type codes of Nghị định 30/2020, Phụ lục III)."""

    RESOLUTION = "nghi_quyet"
    ACTION_PROGRAMME = "chuong_trinh_hanh_dong"
    PLAN = "ke_hoach"
    DECISION = "quyet_dinh"
    REPORT = "bao_cao"
    DIRECTIVE = "chi_thi"
    PROJECT = "de_an"

    @property
    def label(self) -> str:
        return _DOCUMENT_KIND_LABELS[self]


_DOCUMENT_KIND_LABELS = {
    DocumentKind.RESOLUTION: "Nghị quyết",
    DocumentKind.ACTION_PROGRAMME: "Chương trình hành động",
    DocumentKind.PLAN: "Kế hoạch",
    DocumentKind.DECISION: "Quyết định",
    DocumentKind.REPORT: "Báo cáo",
    DocumentKind.DIRECTIVE: "Chỉ thị",
    DocumentKind.PROJECT: "Đề án",
}


class Comparator(StrEnum):
    """How a figure is compared with the target value (domain.md §2, gold README)."""

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    EQ = "="  # "reach X": direction from the indicator, else the baseline (docs/evaluation.md)
    APPROX = "~"
    RANGE = "range"  # "115 - 120": value is the lower bound, value_max the upper one
    LEVEL = "level"
    QUALITATIVE = "qualitative"

    @property
    def is_numeric(self) -> bool:
        return self not in (Comparator.LEVEL, Comparator.QUALITATIVE)

    @property
    def label(self) -> str:
        return _COMPARATOR_LABELS[self]

    def label_in(self, language: str | None) -> str:
        return _COMPARATOR_LABELS_EN[self] if is_english(language) else self.label

    @property
    def symbol(self) -> str:
        """What stands before the value in a table: ``< 2 %``, ``≥ 35.000``; nothing for "reach"."""
        return _COMPARATOR_SYMBOLS[self]


_COMPARATOR_LABELS = {
    Comparator.LT: "dưới",
    Comparator.LE: "không quá",
    Comparator.GT: "trên",
    Comparator.GE: "tối thiểu",
    Comparator.EQ: "đạt",
    Comparator.APPROX: "khoảng",
    Comparator.RANGE: "trong khoảng",
    Comparator.LEVEL: "mức độ",
    Comparator.QUALITATIVE: "định tính",
}

_COMPARATOR_LABELS_EN = {
    Comparator.LT: "below",
    Comparator.LE: "at most",
    Comparator.GT: "above",
    Comparator.GE: "at least",
    Comparator.EQ: "reach",
    Comparator.APPROX: "about",
    Comparator.RANGE: "between",
    Comparator.LEVEL: "level",
    Comparator.QUALITATIVE: "qualitative",
}


_COMPARATOR_SYMBOLS = {
    Comparator.LT: "<",
    Comparator.LE: "≤",
    Comparator.GT: ">",
    Comparator.GE: "≥",
    Comparator.EQ: "",
    Comparator.APPROX: "≈",
    Comparator.RANGE: "",
    Comparator.LEVEL: "mức",
    Comparator.QUALITATIVE: "",
}


class TargetKind(StrEnum):
    """What kind of promise a target is (domain.md §2)."""

    STATE = "state"  # a level reached by a year: most rates
    ANNUAL = "annual"  # a yearly flow: "hằng năm giải quyết việc làm từ 35.000 lượt lao động"
    MAINTAIN = "maintain"  # "duy trì tỷ lệ hộ nghèo dưới 2%"
    CUMULATIVE = "cumulative"  # "1.500 căn hộ nhà ở xã hội" by 2030
    LEVEL = "level"  # ordinal grades
    QUALITATIVE = "qualitative"  # end-states: "không còn", "hoàn thành"


class Direction(StrEnum):
    """Which way an indicator improves."""

    UP = "up"
    DOWN = "down"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"up": "càng cao càng tốt", "down": "càng thấp càng tốt", "unknown": "chưa xác định"}[
            self.value
        ]


class Status(StrEnum):
    """Evaluation status of a target at an as-of year (evaluation.md, table of statuses)."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATING = "deteriorating"
    MISSED = "missed"
    IN_PROGRESS = "in_progress"
    INSUFFICIENT_DATA = "insufficient_data"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self][0]

    def label_in(self, language: str | None) -> str:
        """The label in Vietnamese, or in English when ``language`` is English."""
        return _STATUS_LABELS_EN[self] if is_english(language) else self.label

    @property
    def colour(self) -> str:
        """CSS colour of the status (evaluation.md names the colours)."""
        return _STATUS_LABELS[self][1]

    @property
    def text_colour(self) -> str:
        """Readable text on the status colour."""
        dark = (Status.ACHIEVED, Status.DETERIORATING, Status.MISSED, Status.IN_PROGRESS)
        return "#ffffff" if self in dark else "#1d2430"


_STATUS_LABELS = {
    Status.ACHIEVED: ("Đã đạt", "#1b7f3b"),
    Status.ON_TRACK: ("Đúng tiến độ", "#8fd19e"),
    Status.NEEDS_ACCELERATION: ("Cần đẩy nhanh", "#f0b400"),
    Status.LIMITED_PROGRESS: ("Chậm tiến độ", "#f07c00"),
    Status.DETERIORATING: ("Đi lùi", "#d62828"),
    Status.MISSED: ("Không đạt", "#7a0c0c"),
    Status.IN_PROGRESS: ("Đang thực hiện", "#2f6fd6"),
    Status.INSUFFICIENT_DATA: ("Chưa đủ dữ liệu", "#8c8c8c"),
    Status.NO_DATA: ("Chưa có số liệu", "#d3d3d3"),
}

_STATUS_LABELS_EN = {
    Status.ACHIEVED: "Achieved",
    Status.ON_TRACK: "On track",
    Status.NEEDS_ACCELERATION: "Needs to speed up",
    Status.LIMITED_PROGRESS: "Behind schedule",
    Status.DETERIORATING: "Going backwards",
    Status.MISSED: "Missed",
    Status.IN_PROGRESS: "In progress",
    Status.INSUFFICIENT_DATA: "Not enough data",
    Status.NO_DATA: "No figures yet",
}


class Assessment(StrEnum):
    """The figure of a qualitative target."""

    ACHIEVED = "achieved"
    PARTIAL = "partial"
    NOT_ACHIEVED = "not_achieved"

    @property
    def label(self) -> str:
        return {"achieved": "Đạt", "partial": "Đạt một phần", "not_achieved": "Chưa đạt"}[self.value]

    def label_in(self, language: str | None) -> str:
        if is_english(language):
            return {"achieved": "Achieved", "partial": "Partly achieved", "not_achieved": "Not achieved"}[
                self.value
            ]
        return self.label


class ValueState(StrEnum):
    """Life of a reported figure: entered, sent, checked by the coordinator."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"  # sent back by the coordinator with a reason: not counted, to be corrected
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return {"draft": "Nháp", "submitted": "Đã gửi", "returned": "Bị trả lại", "approved": "Đã duyệt"}[
            self.value
        ]

    def label_in(self, language: str | None) -> str:
        if is_english(language):
            english = {
                "draft": "Draft",
                "submitted": "Submitted",
                "returned": "Returned",
                "approved": "Approved",
            }
            return english[self.value]
        return self.label


class ObservationKind(StrEnum):
    """How final a figure is: an estimate (all a report due 15/11 can hold), a preliminary figure, or
    the official result. A more final kind supersedes a less final one for the same period."""

    ESTIMATE = "estimate"
    PRELIMINARY = "preliminary"
    OFFICIAL = "official"

    @property
    def label(self) -> str:
        return {"estimate": "Ước thực hiện", "preliminary": "Sơ bộ", "official": "Chính thức"}[self.value]

    @property
    def rank(self) -> int:
        return {"estimate": 0, "preliminary": 1, "official": 2}[self.value]

    def label_in(self, language: str | None) -> str:
        if is_english(language):
            return {"estimate": "Estimate", "preliminary": "Preliminary", "official": "Official"}[self.value]
        return self.label


class ObservationSource(StrEnum):
    """Where a figure came from."""

    ROUND = "round"
    FILE = "file"
    API = "api"
    FORM = "form"
    COMPUTED = "computed"
    REGISTRY = "registry"
    EXTERNAL = "external"
    DEMO = "demo"
    MIGRATED = "migrated"

    @property
    def label(self) -> str:
        return {
            "round": "Đợt báo cáo",
            "file": "Tệp số liệu",
            "api": "API",
            "form": "Trang mục tiêu",
            "computed": "Tính từ số liệu khác",
            "registry": "Cơ sở dữ liệu chuyên ngành",
            "external": "Số liệu thống kê bên ngoài",
            "demo": "Số liệu minh họa",
            "migrated": "Chuyển từ phiên bản trước",
        }[self.value]


class ChangeState(StrEnum):
    """A proposed change of an approved figure: waiting for the coordinator, then accepted or refused."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"pending": "Chờ duyệt", "accepted": "Đã chấp nhận", "rejected": "Không chấp nhận"}[self.value]


class UnitLevel(StrEnum):
    """Level of an administrative unit. ``area`` is a former territory kept for statistics
    after a merger (the former Kiên Giang inside the new An Giang, from 01/7/2025)."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    AREA = "area"

    @property
    def label(self) -> str:
        return {
            "province": "Tỉnh",
            "district": "Huyện",
            "commune": "Xã",
            "area": "Địa bàn",
        }[self.value]


class SuccessionKind(StrEnum):
    """How one administrative unit or agency became another."""

    MERGE = "merge"
    SPLIT = "split"
    RENAME = "rename"
    TRANSFER = "transfer"  # functions moved (agencies), or a territory moved (units)


class ReportingFrequency(StrEnum):
    """Frequency of a reporting duty (gold README)."""

    ANNUAL = "annual"
    FIVE_YEAR = "5-year"
    TEN_YEAR = "10-year"
    AD_HOC = "ad-hoc"
    PERIODIC = "periodic"
    DAILY = "daily"  # "báo cáo trước 19h00 hằng ngày"; "02 lần/ngày" is two duties
    ONE_OFF = "one-off"  # a single report: plan submission, a mid-term or final review

    @property
    def label(self) -> str:
        return _REPORTING_FREQUENCY_LABELS[self]

    def label_in(self, language: str | None) -> str:
        return _REPORTING_FREQUENCY_LABELS_EN[self] if is_english(language) else self.label


_REPORTING_FREQUENCY_LABELS = {
    ReportingFrequency.ANNUAL: "Hằng năm",
    ReportingFrequency.FIVE_YEAR: "Sơ kết 5 năm",
    ReportingFrequency.TEN_YEAR: "Tổng kết 10 năm",
    ReportingFrequency.AD_HOC: "Đột xuất",
    ReportingFrequency.PERIODIC: "Định kỳ",
    ReportingFrequency.DAILY: "Hằng ngày",
    ReportingFrequency.ONE_OFF: "Một lần",
}

_REPORTING_FREQUENCY_LABELS_EN = {
    ReportingFrequency.ANNUAL: "Annual",
    ReportingFrequency.FIVE_YEAR: "5-year review",
    ReportingFrequency.TEN_YEAR: "10-year review",
    ReportingFrequency.AD_HOC: "Ad hoc",
    ReportingFrequency.PERIODIC: "Periodic",
    ReportingFrequency.DAILY: "Daily",
    ReportingFrequency.ONE_OFF: "One-off",
}


class AgencyRole(StrEnum):
    """Role of an agency in a task."""

    LEAD = "chủ trì"
    COORDINATE = "phối hợp"
    FOCAL_POINT = "đầu mối"

    def label_in(self, language: str | None) -> str:
        if is_english(language):
            return {"chủ trì": "lead", "phối hợp": "coordinating", "đầu mối": "focal point"}[self.value]
        return self.value


class UserRole(StrEnum):
    """What a planwatch user may do (vai trò người dùng)."""

    ADMINISTRATOR = "administrator"
    COORDINATOR = "coordinator"
    REPORTER = "reporter"
    VIEWER = "viewer"
    # The social-protection registry (domain.md §7): a commune's officer keeps its households and
    # proposes; the chairman of the commune People's Committee approves; the data-protection officer
    # reads who saw which personal data.
    COMMUNE_OFFICER = "commune_officer"
    COMMUNE_CHAIR = "commune_chair"
    DATA_PROTECTION_OFFICER = "dpo"

    @property
    def label(self) -> str:
        return {
            UserRole.ADMINISTRATOR: "Quản trị hệ thống",
            UserRole.COORDINATOR: "Cơ quan đầu mối",
            UserRole.REPORTER: "Người báo cáo số liệu",
            UserRole.VIEWER: "Lãnh đạo (chỉ xem)",
            UserRole.COMMUNE_OFFICER: "Cán bộ chính sách xã",
            UserRole.COMMUNE_CHAIR: "Chủ tịch UBND xã",
            UserRole.DATA_PROTECTION_OFFICER: "Người phụ trách bảo vệ dữ liệu cá nhân",
        }[self]

    def label_in(self, language: str | None) -> str:
        if is_english(language):
            return {
                UserRole.ADMINISTRATOR: "System administrator",
                UserRole.COORDINATOR: "Coordinating agency",
                UserRole.REPORTER: "Figure reporter",
                UserRole.VIEWER: "Leader (view only)",
                UserRole.COMMUNE_OFFICER: "Commune social-policy officer",
                UserRole.COMMUNE_CHAIR: "Chairman of the commune People's Committee",
                UserRole.DATA_PROTECTION_OFFICER: "Data-protection officer",
            }[self]
        return self.label


class Aggregation(StrEnum):
    """How the figures of several places make the figure of the place that contains them.

    DHIS2's indicator model: a figure is either a data element that adds up, or a ratio of two summed
    data elements; evaluation.md: "never average rates across units".
    """

    SUM = "sum"  # counts: the whole's figure is the sum of its places' figures
    RATIO = "ratio"  # numerator and denominator are each summed, then divided (rates, per-capita figures)
    WEIGHTED_MEAN = "weighted_mean"  # averages that no sum rebuilds (life expectancy), weighted by a count
    NONE = "none"  # grades, indices and end-states: the whole has its own figure, never combined

    @property
    def label(self) -> str:
        return _AGGREGATION_LABELS[self]


_AGGREGATION_LABELS = {
    Aggregation.SUM: "cộng dồn",
    Aggregation.RATIO: "tỷ số của hai tổng",
    Aggregation.WEIGHTED_MEAN: "bình quân gia quyền",
    Aggregation.NONE: "không cộng gộp",
}


class PeriodAggregation(StrEnum):
    """How the figures of shorter periods make the figure of a longer one.

    For a ratio this is the nature of its two data elements (a flow numerator over a population is
    still ``flow``: the year's income is summed before it is divided).
    """

    FLOW = "flow"  # happens during the period: the year is the sum of its months or quarters
    STOCK = "stock"  # a state at a moment: the year's figure is the figure at its end

    @property
    def label(self) -> str:
        return {"flow": "cộng dồn trong kỳ", "stock": "số cuối kỳ"}[self.value]


class Disaggregation(StrEnum):
    """A dimension a figure may be broken down by (phân tổ). "Per 10,000 people" is a unit, not one."""

    URBAN_RURAL = "urban_rural"
    SEX = "sex"
    AGE_GROUP = "age_group"
    ETHNIC_GROUP = "ethnic_group"
    REMOTE_AREA = "remote_area"  # vùng sâu, vùng xa, biên giới, hải đảo, bãi ngang ven biển

    @property
    def label(self) -> str:
        return _DISAGGREGATION_LABELS[self]


_DISAGGREGATION_LABELS = {
    Disaggregation.URBAN_RURAL: "thành thị/nông thôn",
    Disaggregation.SEX: "giới tính",
    Disaggregation.AGE_GROUP: "nhóm tuổi",
    Disaggregation.ETHNIC_GROUP: "dân tộc",
    Disaggregation.REMOTE_AREA: "vùng sâu, vùng xa, biên giới, hải đảo",
}
