"""Master data mirrored from the OMS: owners (货主), SKUs, barcodes, bins, operators."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Base


class Owner(Base):
    __tablename__ = "owner"

    owner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))


class Sku(Base):
    """A SKU belongs to one owner; two owners may use the same sku_id for different goods."""

    __tablename__ = "sku"
    __table_args__ = (
        CheckConstraint("safety_stock >= 0", name="safety_stock_not_negative"),
        CheckConstraint("weight_grams IS NULL OR weight_grams >= 0", name="weight_not_negative"),
    )

    owner_id: Mapped[str] = mapped_column(ForeignKey("owner.owner_id"), primary_key=True)
    sku_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    safety_stock: Mapped[int] = mapped_column(default=0)
    batch_managed: Mapped[bool] = mapped_column(default=False)
    expiry_managed: Mapped[bool] = mapped_column(default=False)
    serial_managed: Mapped[bool] = mapped_column(default=False)
    # Grams, not a Decimal of kg: SQLite has no decimal type and floats drift.
    weight_grams: Mapped[int | None]


class Barcode(Base):
    """Many codes per SKU (GTIN/EAN/UPC, internal). A GTIN is the manufacturer's, so two
    owners storing the same product share it: the key includes the owner."""

    __tablename__ = "barcode"
    __table_args__ = (ForeignKeyConstraint(["owner_id", "sku_id"], ["sku.owner_id", "sku.sku_id"]),)

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sku_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="GTIN")


class Location(Base):
    """A bin such as ``A-01-02-03``. Frozen bins are never allocated from."""

    __tablename__ = "location"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    zone: Mapped[str] = mapped_column(String(64))
    pick_sequence: Mapped[int] = mapped_column(default=0)
    pickable: Mapped[bool] = mapped_column(default=True)
    frozen: Mapped[bool] = mapped_column(default=False)


class Operator(Base):
    __tablename__ = "operator"
    __table_args__ = (CheckConstraint("role IN ('operator', 'supervisor')", name="role_known"),)

    badge_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(16), default="operator")
    # 'pbkdf2_sha256$iterations$salt$hash' (see app.supervision.pins); supervisors only.
    pin_hash: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
