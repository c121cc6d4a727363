"""Choices of the outreach module (科普文明大院)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClcClass(models.TextChoices):
    """The 22 top-level classes of the Chinese Library Classification (中图法)."""

    A = "A", _("A Marxism, Leninism, Mao Zedong Thought, Deng Xiaoping Theory")
    B = "B", _("B Philosophy and religion")
    C = "C", _("C Social sciences (general)")
    D = "D", _("D Politics and law")
    E = "E", _("E Military science")
    F = "F", _("F Economics")
    G = "G", _("G Culture, science, education and sports")
    H = "H", _("H Languages and linguistics")
    I = "I", _("I Literature")  # noqa: E741  (the class is called I)
    J = "J", _("J Art")
    K = "K", _("K History and geography")
    N = "N", _("N Natural sciences (general)")
    O = "O", _("O Mathematics, physics and chemistry")  # noqa: E741
    P = "P", _("P Astronomy and earth sciences")
    Q = "Q", _("Q Biology")
    R = "R", _("R Medicine and health")
    S = "S", _("S Agriculture")
    T = "T", _("T Industrial technology")
    U = "U", _("U Transport")
    V = "V", _("V Aviation and aerospace")
    X = "X", _("X Environmental science and safety")
    Z = "Z", _("Z General works")


class LoanChannel(models.TextChoices):
    """Where a loan or return was recorded."""

    DESK = "desk", _("at the desk")
    PHONE = "phone", _("by the borrower's phone")


class HoldStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    READY = "ready", _("ready to collect")
    FULFILLED = "fulfilled", _("collected")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("expired")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not come")
    CANCELLED = "cancelled", _("cancelled")


class ConsultationKind(models.TextChoices):
    """What a health consultation was about, in broad types only (no medical detail)."""

    GENERAL = "general", _("general health advice")
    CHECK = "check", _("blood pressure / blood sugar check")
    CHRONIC = "chronic", _("chronic disease management")
    NUTRITION = "nutrition", _("diet and nutrition")
    TCM = "tcm", _("traditional Chinese medicine")
    MENTAL = "mental", _("mental health")
    OTHER = "other", _("other")


class MaterialKind(models.TextChoices):
    LEAFLET = "leaflet", _("leaflet")
    BOOKLET = "booklet", _("booklet")
    POSTER = "poster", _("poster")
    HANDBOOK = "handbook", _("handbook")
    OTHER = "other", _("other")


class InvestmentCategory(models.TextChoices):
    """What the centre's money went on."""

    BOOKS = "books", _("books and periodicals")
    FURNITURE = "furniture", _("furniture and fittings")
    EQUIPMENT = "equipment", _("equipment")
    HEALTH = "health", _("health-consultation room")
    PUBLICITY = "publicity", _("publicity boards and materials")
    VOLUNTEERS = "volunteers", _("volunteer activities")
    OTHER = "other", _("other")
