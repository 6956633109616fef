from flask import Blueprint, abort, g, jsonify, request
from flask_login import current_user, login_required

from .models import Membership, Team, db

bp = Blueprint("teams", __name__)


@bp.get("/teams/<int:team_id>/members")
@login_required
def list_members(team_id):
    team = Team.query.filter_by(id=team_id, org_id=current_user.org_id).first_or_404()
    return jsonify([m.to_dict() for m in team.members])


@bp.post("/teams/<int:team_id>/members")
@login_required
def add_member(team_id):
    team = Team.query.filter_by(id=team_id, org_id=current_user.org_id).first_or_404()
    if not current_user.is_admin_of(team):
        abort(403)
    db.session.add(Membership(team_id=team.id, user_id=int(request.json["user_id"])))
    db.session.commit()
    return "", 201


@bp.put("/teams/<int:team_id>/members/<int:user_id>/role")
@login_required
def change_role(team_id, user_id):
    team = Team.query.filter_by(id=team_id, org_id=current_user.org_id).first_or_404()
    m = Membership.query.filter_by(team_id=team.id, user_id=user_id).first_or_404()
    m.role = request.json["role"]
    db.session.commit()
    return jsonify(m.to_dict())


@bp.delete("/teams/<int:team_id>")
def delete_team(team_id):
    Team.query.filter_by(id=team_id).delete()
    db.session.commit()
    return "", 204
