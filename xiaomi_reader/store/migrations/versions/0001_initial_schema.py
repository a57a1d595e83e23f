"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 05:02:00.014484
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


# Marks the file as a xiaomi-reader library in its SQLite header (see store.database).
APPLICATION_ID = 0x58524452


def upgrade() -> None:
    op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('iri', sa.String(length=80), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('date', sa.String(length=10), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('file_name', sa.Text(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_articles_content_hash')),
    sa.UniqueConstraint('iri', name=op.f('uq_articles_iri'))
    )
    op.create_table('library_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_library_meta'))
    )
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_key', sa.Text(), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('shortcut', sa.String(length=32), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_tags_name_not_blank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('name_key', name=op.f('uq_tags_name_key')),
    sa.UniqueConstraint('shortcut', name=op.f('uq_tags_shortcut')),
    sqlite_autoincrement=True,
    )
    op.create_table('annotations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('iri', sa.String(length=45), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('target_source', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('exact', sa.Text(), nullable=False),
    sa.Column('prefix', sa.Text(), nullable=False),
    sa.Column('suffix', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.CheckConstraint("state IN ('anchored', 'orphaned')", name=op.f('ck_annotations_state_known')),
    sa.CheckConstraint('state = \'orphaned\' OR (article_id IS NOT NULL AND start >= 0 AND "end" > start)', name=op.f('ck_annotations_anchored_has_range')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_annotations_article_id_articles'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotations')),
    sa.UniqueConstraint('iri', name=op.f('uq_annotations_iri')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.create_index('ix_annotations_article_start', ['article_id', 'start'], unique=False)

    op.create_table('annotation_tags',
    sa.Column('annotation_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'], name=op.f('fk_annotation_tags_annotation_id_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_annotation_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('annotation_id', 'tag_id', name=op.f('pk_annotation_tags'))
    )
    with op.batch_alter_table('annotation_tags', schema=None) as batch_op:
        batch_op.create_index('ix_annotation_tags_tag_id', ['tag_id'], unique=False)

    op.create_table('links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('iri', sa.String(length=45), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(type) > 0', name=op.f('ck_links_type_not_blank')),
    sa.CheckConstraint('source_id <> target_id', name=op.f('ck_links_not_self')),
    sa.ForeignKeyConstraint(['source_id'], ['annotations.id'], name=op.f('fk_links_source_id_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['annotations.id'], name=op.f('fk_links_target_id_annotations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_links')),
    sa.UniqueConstraint('iri', name=op.f('uq_links_iri')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_links_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_links_target_id'), ['target_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_links_target_id'))
        batch_op.drop_index(batch_op.f('ix_links_source_id'))

    op.drop_table('links')
    with op.batch_alter_table('annotation_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_annotation_tags_tag_id')

    op.drop_table('annotation_tags')
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.drop_index('ix_annotations_article_start')

    op.drop_table('annotations')
    op.drop_table('tags')
    op.drop_table('library_meta')
    op.drop_table('articles')
